package io.ticker.service.ingest;

import io.ticker.model.FeedFrame;
import io.ticker.model.SymbolInfo;
import io.ticker.model.Wire;
import io.ticker.service.Logging;
import io.ticker.service.NodeContext;
import io.ticker.service.bus.Query;
import io.ticker.service.bus.SymbolUniverse;
import io.ticker.service.bus.Topic;
import io.ticker.service.bus.FeedStatus;
import io.ticker.service.bus.SyncReply;
import io.ticker.service.bus.TickBatch;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.candles.CandleSync;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.ticker.model.Tls;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pulls the upstream feed onto the event bus: connects to the feed URL, sequences each tick and
 * encodes its client JSON once ({@link Sequencer}), publishes one {@link TickBatch} per feed frame,
 * and tells everyone when the feed goes stale (connection lost, or silent past the stale timeout)
 * and live again. Reconnects with capped exponential backoff and jitter.
 */
public final class FeedIngestVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(FeedIngestVerticle.class.getName());
  private static final int MAX_FEED_MESSAGE_BYTES = 256 * 1024 * 1024;
  private static final long MIN_BACKOFF_MS = 100;

  private final NodeContext node;
  private final String feedUrl;
  private final Sequencer sequencer = new Sequencer();
  private WebSocketClient client; // a field: Vert.x 5 closes clients that are garbage collected
  private WebSocket feed;
  private WebSocket reading; // the socket whose frames count: the one connecting or connected, null when given up
  private List<SymbolInfo> symbols = List.of();
  private FeedStatus status = FeedStatus.stale(System.currentTimeMillis());
  private long lastHeardMs;
  private long backoffMs = MIN_BACKOFF_MS;
  private boolean stopping;

  public FeedIngestVerticle(NodeContext node, String feedUrl) {
    this.node = node;
    this.feedUrl = feedUrl;
  }

  @Override
  public Future<?> start() {
    WebSocketClientOptions options = new WebSocketClientOptions()
        .setMaxFrameSize(MAX_FEED_MESSAGE_BYTES)
        .setMaxMessageSize(MAX_FEED_MESSAGE_BYTES)
        .setConnectTimeout(2000);
    if (feedUrl.startsWith("wss://")) {
      // Certificate and host name checked against the JVM's CAs, or --feed-ca-file's.
      Tls.configure(options).setSsl(true).setVerifyHost(true);
      if (node.config().feedCaFile() != null) {
        options.setTrustOptions(new PemTrustOptions().addCertPath(node.config().feedCaFile()));
      }
    }
    client = vertx.createWebSocketClient(options);
    int staleMs = node.config().feedStaleMs();
    vertx.setPeriodic(Math.max(50, staleMs / 4), t -> {
      watchdog(staleMs);
      setStatus(status); // heartbeat: relays take silence from the leader for a dead feed
    });
    // Any node may ask for the state so far (clustered consumer); then carry on the node's seqs.
    MessageConsumer<Void> sync = Query.SYNC.answer(vertx.eventBus(),
        none -> new SyncReply(node.nodeId(), symbols, status, new TickBatch(sequencer.latest())));
    MessageConsumer<?> candles = CandleSync.serve(vertx.eventBus(), node.candles());
    // Connect without waiting for those registrations to reach the cluster: right after a failover it
    // waits for Hazelcast to move the dead member's partitions, and the feed would wait with it.
    return Query.LOCAL_LATEST.ask(vertx.eventBus(), null)
        .onSuccess(latest -> sequencer.seed(latest.ticks()))
        .recover(e -> Future.succeededFuture())
        .onSuccess(v -> connect())
        .compose(v -> Future.all(sync.completion(), candles.completion()));
  }

  private void connect() {
    if (stopping) {
      return;
    }
    // Handlers go on before connecting: the feed sends its symbols and snapshot right away.
    ClientWebSocket ws = client.webSocket();
    reading = ws;
    // Only the socket being read counts: one given up on (silent, e.g. after this process was frozen)
    // may still deliver its backlog, and its old ticks would push the seqs of the new one ahead.
    ws.handler(data -> {
      if (reading == ws) {
        onFeedFrame(data);
      }
    });
    ws.pongHandler(p -> lastHeardMs = System.currentTimeMillis());
    ws.exceptionHandler(e -> log(Level.WARNING, "feed error: " + e.getMessage()));
    ws.closeHandler(v -> {
      if (feed == ws) {
        feed = null;
        markStale("connection closed");
        reconnectLater();
      }
    });
    ws.connect(new WebSocketConnectOptions().setAbsoluteURI(feedUrl))
        .onSuccess(this::onConnected)
        .onFailure(e -> {
          log(Level.WARNING, "feed unreachable: " + e.getMessage());
          reconnectLater();
        });
  }

  private void onConnected(WebSocket ws) {
    log(Level.INFO, "feed connected");
    feed = ws;
    lastHeardMs = System.currentTimeMillis();
    backoffMs = MIN_BACKOFF_MS;
  }

  private void onFeedFrame(Buffer data) {
    long arrivedMs = System.currentTimeMillis();
    lastHeardMs = arrivedMs;
    FeedFrame frame;
    try {
      frame = Wire.readFeedFrame(data);
    } catch (IOException e) {
      log(Level.WARNING, "dropping malformed feed frame: " + e.getMessage());
      return;
    }
    EventBus bus = vertx.eventBus();
    if (FeedFrame.SYMBOLS.equals(frame.type()) && frame.symbols() != null) {
      symbols = List.copyOf(frame.symbols());
      Topic.SYMBOLS.publish(bus, new SymbolUniverse(symbols));
    } else if (frame.ticks() != null) {
      List<TickEvent> events = sequencer.sequence(frame.ticks());
      node.metrics().ticksIn(frame.ticks().size());
      if (!events.isEmpty()) {
        Topic.TICKS.publish(bus, new TickBatch(events));
        if (!FeedFrame.SNAPSHOT.equals(frame.type())) { // a snapshot's ticks are old by nature
          node.metrics().feedAge(arrivedMs - oldestTs(events));
        }
      }
      if (FeedFrame.SNAPSHOT.equals(frame.type()) || !status.live()) {
        markLive(); // after the snapshot: consumers have current values when they hear "live"
      }
    }
  }

  private static long oldestTs(List<TickEvent> events) {
    long oldest = Long.MAX_VALUE;
    for (TickEvent e : events) {
      oldest = Math.min(oldest, e.ts());
    }
    return oldest;
  }

  /** A feed that is connected but silent is as good as gone: ping it, and give up on it after staleMs. */
  private void watchdog(int staleMs) {
    WebSocket ws = feed;
    if (ws == null) {
      return;
    }
    long silentMs = System.currentTimeMillis() - lastHeardMs;
    if (silentMs > staleMs) {
      log(Level.WARNING, "feed silent for " + silentMs + " ms, reconnecting");
      feed = null;
      reading = null;
      ws.close();
      markStale("feed silent");
      reconnectLater();
    } else {
      ws.writePing(Buffer.buffer("ingest"));
    }
  }

  private void reconnectLater() {
    long delay = backoffMs + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
    backoffMs = Math.min(backoffMs * 2, node.config().feedReconnectMaxMs());
    vertx.setTimer(delay, t -> connect());
  }

  private void markLive() {
    if (!status.live()) {
      setStatus(new FeedStatus(true, System.currentTimeMillis()));
    }
  }

  private void markStale(String why) {
    if (status.live()) {
      log(Level.WARNING, "feed stale: " + why);
      setStatus(FeedStatus.stale(System.currentTimeMillis()));
    }
  }

  /** The feed is the peer of every ingest log line. */
  private void log(Level level, String message) {
    Logging.log(LOG, level, message, null, feedUrl);
  }

  private void setStatus(FeedStatus next) {
    status = next;
    Topic.FEED_STATUS.publish(vertx.eventBus(), next);
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    WebSocket ws = feed;
    feed = null;
    return ws == null ? client.close() : ws.close().eventually(() -> client.close());
  }
}
