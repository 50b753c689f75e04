package io.ticker.service.fanout;

import io.ticker.model.protocol.CloseCode;
import io.ticker.service.NodeContext;
import io.ticker.service.ServiceConfig;
import io.ticker.service.bus.Addresses;
import io.ticker.service.bus.FeedStatus;
import io.ticker.service.bus.SyncReply;
import io.ticker.service.bus.TickBatch;
import io.ticker.service.http.HttpRoutes;
import io.ticker.model.protocol.ServerMessages;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One fan-out shard: an HTTP/WebSocket server on the shared port (Vert.x spreads connections over
 * the instances, one per core) plus the {@link Shard} its connections live in. It takes every tick
 * batch, symbol list and feed status the node's relay hands out into the shard.
 */
public final class FanoutVerticle extends VerticleBase {

  private final NodeContext node;
  private final int port;
  private Shard shard;
  private HttpServer server;

  public FanoutVerticle(NodeContext node, int port) {
    this.node = node;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    ServiceConfig config = node.config();
    shard = new Shard(vertx, config, node.metrics());
    var bus = vertx.eventBus();
    bus.<TickBatch>localConsumer(Addresses.LOCAL_TICKS, m -> shard.onTicks(m.body()));
    bus.<String>localConsumer(Addresses.LOCAL_SYMBOLS, m -> shard.onSymbols(SyncReply.parseSymbols(m.body())));
    bus.<JsonObject>localConsumer(Addresses.LOCAL_FEED_STATUS, m -> shard.onFeedStatus(FeedStatus.fromJson(m.body())));
    int probe = config.lagProbeMs() > 0 ? Math.min(config.lagProbeMs(), config.pingIntervalMs()) : config.pingIntervalMs();
    vertx.setPeriodic(Math.max(50, probe / 2), t -> shard.sweep(probe));

    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.httpHost())
        .setPort(port)
        // Deflate per socket would re-compress each shared frame once per connection: off.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setMaxWebSocketFrameSize(config.maxFrameBytes())
        .setMaxWebSocketMessageSize(config.maxFrameBytes())
        .setWebSocketClosingTimeout(5)
        // Bounded kernel buffering: a reader that falls behind shows up as a full write queue within
        // a few frames, and from then on gets conflated frames instead of ever older queued ones.
        .setSendBufferSize(config.sendBufferBytes())
        .setTcpNoDelay(true);
    server = vertx.createHttpServer(options)
        .webSocketHandshakeHandler(this::onHandshake)
        .webSocketHandler(this::onWebSocket)
        .requestHandler(HttpRoutes.create(vertx, node, shard));
    return server.listen();
  }

  private void onHandshake(ServerWebSocketHandshake handshake) {
    if (!"/ws".equals(handshake.path())) {
      handshake.reject(404);
    } else if (!node.metrics().tryOpenConnection(node.config().maxConnections())) {
      handshake.reject(503); // node full: the client should try another node or later
    } else {
      handshake.accept().onFailure(e -> node.metrics().connectionClosed());
    }
  }

  private void onWebSocket(ServerWebSocket ws) {
    ClientSession session = shard.open(UUID.randomUUID().toString(), ws);
    ws.setWriteQueueMaxSize(node.config().writeQueueBytes());
    ws.textMessageHandler(session::onText);
    ws.binaryMessageHandler(b -> session.close(CloseCode.UNSUPPORTED_DATA, "binary frames are not supported"));
    ws.pongHandler(p -> session.onPong());
    ws.exceptionHandler(e -> {
      if (e instanceof CorruptedWebSocketFrameException) { // over the frame limit
        session.close(CloseCode.MESSAGE_TOO_BIG, "frame larger than " + node.config().maxFrameBytes() + " bytes");
      }
    }); // a reset peer ends in closeHandler; nothing else to do
    ws.closeHandler(v -> {
      node.metrics().connectionClosed();
      shard.closed(session);
    });
    long now = System.currentTimeMillis();
    session.send(ServerMessages.welcome(node.nodeId(), session.id, now, "none"));
    if (!shard.feedStatus().live()) {
      session.send(ServerMessages.status(shard.feedStatus().word(), shard.feedStatus().since()));
    }
  }

  /** The port actually listened on (the configured one, or the one picked for port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    shard.closeAll();
    // Give the close frames a moment to leave before the sockets are torn down.
    return Future.future(p -> vertx.setTimer(200, t -> p.complete()))
        .compose(v -> server.close());
  }
}
