package io.ticker.service.fanout;

import io.ticker.service.bus.Topic;
import io.ticker.model.protocol.CloseCode;
import io.ticker.model.protocol.ServerMessages;
import io.ticker.service.NodeContext;
import io.ticker.service.ServiceConfig;
import io.ticker.service.auth.AuthFailure;
import io.ticker.service.auth.Identity;
import io.ticker.service.edge.Admission;
import io.ticker.service.edge.RequestDeadline;
import io.ticker.model.Tls;
import io.ticker.service.edge.TlsFiles;
import io.ticker.service.http.HttpRoutes;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.ext.web.Router;
import java.util.UUID;

/**
 * One fan-out shard: an HTTP/WebSocket server on the shared port (Vert.x spreads connections over
 * the instances, one per core) plus the {@link Shard} its connections live in. It takes every tick
 * batch, symbol list and feed status the node's relay hands out into the shard, and decides at
 * each upgrade who may connect: path, {@link Admission} (origin, per-address and node limits) and
 * the Bearer token when one is sent.
 */
public final class FanoutVerticle extends VerticleBase {

  /**
   * How long new connections wait for their welcome while the node does not know its symbols yet
   * (it is starting: the symbol list comes with the feed or the cluster sync). Under the client
   * library's 5 s welcome timeout; a node whose feed is down then greets with {@code status: stale}.
   */
  static final long SYMBOLS_WAIT_MS = 3000;

  private final NodeContext node;
  private final int port;
  private final TlsFiles tls;
  private Shard shard;
  private HttpServer server;
  private RequestDeadline deadline;

  /** {@code tls}: the public certificate files, or null for plain HTTP. */
  public FanoutVerticle(NodeContext node, int port, TlsFiles tls) {
    this.node = node;
    this.port = port;
    this.tls = tls;
  }

  @Override
  public Future<?> start() {
    ServiceConfig config = node.config();
    shard = new Shard(vertx, config, node.metrics(), node.verifier(), node.audit(), node.candles());
    var bus = vertx.eventBus();
    Topic.LOCAL_TICKS.subscribe(bus, shard::onTicks);
    Topic.LOCAL_SYMBOLS.subscribe(bus, universe -> shard.onSymbols(universe.symbols()));
    Topic.LOCAL_FEED_STATUS.subscribe(bus, shard::onFeedStatus);
    vertx.setTimer(SYMBOLS_WAIT_MS, t -> shard.releaseAwaitingSymbols());
    int probe = config.lagProbeMs() > 0 ? Math.min(config.lagProbeMs(), config.pingIntervalMs()) : config.pingIntervalMs();
    vertx.setPeriodic(Math.max(50, probe / 2), t -> shard.sweep(probe));

    deadline = new RequestDeadline(config.exposure().httpRequestTimeoutMs());
    Router router = HttpRoutes.create(vertx, node, shard);
    server = vertx.createHttpServer(serverOptions(config))
        .connectionHandler(deadline::onConnection)
        .webSocketHandshakeHandler(this::onHandshake)
        .requestHandler(request -> {
          deadline.requestArrived(request.remoteAddress());
          request.response().endHandler(v -> deadline.responseDone(request.connection()));
          router.handle(request);
        });
    return server.listen();
  }

  private HttpServerOptions serverOptions(ServiceConfig config) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.httpHost())
        .setPort(port)
        // Deflate per socket would re-compress each shared frame once per connection: off.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setMaxWebSocketFrameSize(config.maxFrameBytes())
        .setMaxWebSocketMessageSize(config.maxFrameBytes())
        .setWebSocketClosingTimeout(5)
        // Requests and responses stay on the connection's event loop (the router, SSE and the
        // fan-out all run there), so the HTTP connection needs no cross-thread queue: 4 KB less
        // per connection, WebSockets included (the connection stays under each one).
        .setStrictThreadMode(true)
        .setHttp2ClearTextEnabled(false) // HTTP/1.1 and WebSocket only: no h2c sniffing of the first bytes
        .setMaxInitialLineLength(config.exposure().maxRequestLineBytes())
        .setMaxHeaderSize(config.exposure().maxHeaderBytes())
        // Bounded kernel buffering: a reader that falls behind shows up as a full write queue within
        // a few frames, and from then on gets conflated frames instead of ever older queued ones.
        .setSendBufferSize(config.sendBufferBytes())
        .setTcpNoDelay(true);
    if (tls != null) {
      Tls.configure(options).setSsl(true).setKeyCertOptions(tls.keyCert());
    }
    return options;
  }

  private void onHandshake(ServerWebSocketHandshake handshake) {
    deadline.requestArrived(handshake.remoteAddress());
    if (!"/ws".equals(handshake.path())) {
      handshake.reject(404);
      return;
    }
    String address = handshake.remoteAddress().hostAddress();
    Admission.Verdict verdict = node.admission().tryAdmit(address, handshake.headers().get("Origin"));
    if (verdict != Admission.Verdict.ADMIT) {
      handshake.reject(verdict.httpStatus()); // 403 foreign origin, 429 this address is full, 503 node full
      return;
    }
    String header = handshake.headers().get("Authorization");
    if (node.verifier() == null || header == null) {
      accept(handshake, address, node.verifier() == null ? Identity.ANONYMOUS : null);
      return;
    }
    String token = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
    node.verifier().verify(token, System.currentTimeMillis()).onComplete(ar -> {
      if (ar.succeeded()) {
        accept(handshake, address, ar.result());
      } else {
        node.admission().release(address);
        node.audit().failed(ar.cause() instanceof AuthFailure f ? f : new AuthFailure(AuthFailure.Reason.INVALID, "invalid token"),
            "ws upgrade", address);
        handshake.reject(401); // a bad header token: no socket at all
      }
    });
  }

  private void accept(ServerWebSocketHandshake handshake, String address, Identity identity) {
    handshake.accept()
        .onSuccess(ws -> onWebSocket(ws, address, identity))
        .onFailure(e -> node.admission().release(address));
  }

  private void onWebSocket(ServerWebSocket ws, String address, Identity identity) {
    // The upgrade request's headers were read at the handshake, and Vert.x keeps them as long as
    // the socket lives, unread: 4.7 -> 4.3 KB of heap per idle connection without them (bench i).
    ws.headers().clear();
    ClientSession session = shard.open(UUID.randomUUID().toString(), ws, identity, address);
    ws.textMessageHandler(session::onText);
    ws.binaryMessageHandler(b -> session.close(CloseCode.UNSUPPORTED_DATA, "binary frames are not supported"));
    ws.pongHandler(p -> session.onPong());
    ws.exceptionHandler(e -> {
      if (e instanceof CorruptedWebSocketFrameException) { // over the frame limit
        session.close(CloseCode.MESSAGE_TOO_BIG, "frame larger than " + node.config().maxFrameBytes() + " bytes");
      }
    }); // a reset peer ends in closeHandler; nothing else to do
    ws.closeHandler(v -> {
      node.admission().release(address);
      shard.closed(session);
    });
    shard.whenSymbolsKnown(() -> welcome(session));
  }

  private void welcome(ClientSession session) {
    if (!session.open()) {
      return;
    }
    session.send(ServerMessages.welcome(node.nodeId(), session.id, System.currentTimeMillis(), node.config().auth().mode()));
    if (!shard.feedStatus().live()) {
      session.send(ServerMessages.status(shard.feedStatus().word(), shard.feedStatus().since()));
    }
  }

  /** The port actually listened on (the configured one, or the one picked for port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  HttpServer server() {
    return server;
  }

  /** Starts certificate rotation on this shard's server (once per node: Vert.x shares the listener). */
  public void watchCertificates() {
    if (tls != null) {
      tls.watch(vertx, server, node.config().exposure().tlsReloadMs());
    }
  }

  @Override
  public Future<?> stop() {
    shard.closeAll();
    // Give the close frames a moment to leave before the sockets are torn down.
    return Future.future(p -> vertx.setTimer(200, t -> p.complete()))
        .compose(v -> server.close())
        .onComplete(v -> shard.frameBuilder().releaseSpare());
  }
}
