package io.ticker.sim;

import io.ticker.model.protocol.CloseCode;
import io.ticker.model.FeedFrame;
import io.ticker.model.Tick;
import io.ticker.model.Wire;
import io.ticker.model.WireFrame;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.ticker.model.Tls;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the simulated market at {@code ws://host:port/feed}: on connect a {@code symbols} frame
 * and a {@code snapshot} frame, then every {@code batchMs} one {@code ticks} frame. Ticks are
 * generated whether or not anyone listens; each batch is encoded once and the same bytes go to
 * every consumer. All state is confined to this verticle's event loop.
 */
public final class FeedServerVerticle extends VerticleBase {

  public static final String FEED_PATH = "/feed";
  public static final String HEALTH_PATH = "/health";
  /** How many consumers are connected, as plain text: a cluster should have exactly one. */
  public static final String CONSUMERS_PATH = "/consumers";

  // Frames a consumer may send are ignored; anything bigger than this is refused by Vert.x (1009).
  private static final int MAX_INBOUND_FRAME_BYTES = 64 * 1024;
  // Outbound buffer per consumer: several batches at high rates, bounded so a stalled consumer
  // cannot grow server memory.
  private static final int CONSUMER_QUEUE_BYTES = 4 * 1024 * 1024;
  private static final int CLOSE_HANDSHAKE_TIMEOUT_SEC = 2;

  private final SimulatorConfig config;
  private final List<FeedConsumer> consumers = new ArrayList<>();
  private Market market;
  private TickPacer pacer;
  private Buffer symbolsFrame;
  private HttpServer server;
  private long batchTimer;

  /** PEM certificate and key for wss://, or null for plain ws://. */
  private final PemKeyCertOptions tls;

  public FeedServerVerticle(SimulatorConfig config) {
    this(config, null);
  }

  /** A feed served over TLS ({@code wss://}) with {@code tls}'s certificate, or plain when null. */
  public FeedServerVerticle(SimulatorConfig config, PemKeyCertOptions tls) {
    this.tls = tls;
    this.config = config.validate();
  }

  @Override
  public Future<?> start() {
    market = new Market(config, System.currentTimeMillis());
    symbolsFrame = Buffer.buffer(Wire.feedFrameBytes(FeedFrame.symbols(market.symbols())));
    pacer = new TickPacer(config, System.nanoTime());
    batchTimer = vertx.setPeriodic(config.batchMs(), id -> publishBatch());

    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setMaxWebSocketFrameSize(MAX_INBOUND_FRAME_BYTES)
        .setMaxWebSocketMessageSize(MAX_INBOUND_FRAME_BYTES)
        .setWebSocketClosingTimeout(CLOSE_HANDSHAKE_TIMEOUT_SEC);
    if (tls != null) {
      Tls.configure(options).setSsl(true).setKeyCertOptions(tls);
    }
    return vertx.createHttpServer(options)
        .requestHandler(this::route)
        .listen()
        .onSuccess(listening -> server = listening);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(batchTimer);
    List<Future<Void>> closing = new ArrayList<>();
    for (FeedConsumer consumer : List.copyOf(consumers)) {
      closing.add(consumer.socket().close(CloseCode.GOING_AWAY, "feed simulator shutting down"));
    }
    return Future.join(closing).transform(closed -> server == null ? Future.succeededFuture() : server.close());
  }

  /** The port the server listens on; the chosen one when the config asked for port 0. */
  public int actualPort() {
    return server.actualPort();
  }

  /** The seed in use, to reproduce this run. */
  public long seed() {
    return market.seed();
  }

  public int symbolCount() {
    return market.symbols().size();
  }

  private void route(HttpServerRequest request) {
    String path = request.path();
    if (FEED_PATH.equals(path) && request.canUpgradeToWebSocket()) {
      request.toWebSocket().onSuccess(this::accept);
    } else if (FEED_PATH.equals(path)) {
      request.response().setStatusCode(400).end("expected a WebSocket upgrade");
    } else if (HEALTH_PATH.equals(path) && request.method() == HttpMethod.GET) {
      request.response().putHeader("content-type", "text/plain").end("ok");
    } else if (CONSUMERS_PATH.equals(path) && request.method() == HttpMethod.GET) {
      request.response().putHeader("content-type", "text/plain").end(String.valueOf(consumers.size()));
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  private void accept(ServerWebSocket socket) {
    FeedConsumer consumer = new FeedConsumer(socket, CONSUMER_QUEUE_BYTES);
    // Consumers have nothing to say: drop whatever they send (close frames are still honoured).
    socket.frameHandler(ignored -> { });
    socket.exceptionHandler(ignored -> socket.close());
    socket.closeHandler(closed -> consumers.remove(consumer));
    consumer.send(symbolsFrame);
    consumer.send(Buffer.buffer(Wire.feedFrameBytes(FeedFrame.snapshot(market.snapshot()))));
    // Same event loop as the batch timer: the next batch continues exactly after this snapshot.
    consumers.add(consumer);
  }

  private void publishBatch() {
    int due = pacer.ticksDue(System.nanoTime());
    if (due == 0) {
      return;
    }
    long nowMs = System.currentTimeMillis();
    List<Tick> ticks = new ArrayList<>(due);
    for (int i = 0; i < due; i++) {
      ticks.add(market.next(nowMs));
    }
    if (consumers.isEmpty()) {
      return;
    }
    WireFrame frame = Wire.feedWireFrame(FeedFrame.ticks(ticks)); // one for every consumer
    for (FeedConsumer consumer : List.copyOf(consumers)) {
      consumer.offer(frame, nowMs);
    }
    frame.release();
  }
}
