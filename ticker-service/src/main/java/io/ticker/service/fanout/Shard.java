package io.ticker.service.fanout;

import io.ticker.model.protocol.CloseCode;
import io.ticker.model.SymbolInfo;
import io.ticker.model.WireFrame;
import io.ticker.service.ServiceConfig;
import io.ticker.service.TickerMetrics;
import io.ticker.service.auth.AuthAudit;
import io.ticker.service.auth.Grants;
import io.ticker.service.auth.Identity;
import io.ticker.service.auth.TokenVerifier;
import io.ticker.service.bus.FeedStatus;
import io.ticker.service.bus.TickBatch;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.cache.LastValueCache;
import io.ticker.service.candles.CandleBook;
import io.ticker.model.protocol.Timeframe;
import io.ticker.service.cache.SymbolDirectory;
import io.ticker.model.protocol.ServerMessages;
import io.ticker.service.protocol.TickFrameBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one fan-out shard (one event loop): its own last-value cache fed by every tick
 * batch, its connections and their interval groups, and its candle frames (from the node's book). Shards share nothing mutable, so nothing on
 * the hot path takes a lock; each tick batch is applied once per shard.
 */
public final class Shard {

  private final Vertx vertx;
  private final ServiceConfig config;
  private final TickerMetrics metrics;
  private final TokenVerifier verifier;
  private final AuthAudit audit;
  /** Compiled grants, one per distinct grant set seen on this shard (bounded by the tokens the issuer signs). */
  private final Map<Grants, GrantMask> masks = new HashMap<>();
  private final SymbolDirectory directory = new SymbolDirectory();
  private final LastValueCache cache = new LastValueCache(directory);
  private final SubscriptionRegistry subscriptions = new SubscriptionRegistry();
  private final TickFrameBuilder frameBuilder = new TickFrameBuilder();
  private final CandleFrames candleFrames;
  private final Map<Integer, IntervalGroup> groups = new HashMap<>();
  private final Set<ClientSession> sessions = new LinkedHashSet<>();
  /** Symbols whose latest tick no frame has carried yet: a newer tick then coalesces one away. */
  private final BitSet undelivered = new BitSet();
  private FeedStatus feedStatus = FeedStatus.stale(System.currentTimeMillis());
  /**
   * Work that names symbols (a WebSocket's welcome, an HTTP request to /api or /sse) held while this shard does not
   * know the node's symbols yet, so that a client that connects the moment a node starts is not
   * told its symbols are unknown; null once released (see {@link #releaseAwaitingSymbols}).
   */
  private List<Runnable> awaitingSymbols = new ArrayList<>();

  /** {@code verifier} null = no auth: every connection is anonymous with every grant. */
  public Shard(Vertx vertx, ServiceConfig config, TickerMetrics metrics, TokenVerifier verifier, AuthAudit audit,
               CandleBook candles) {
    this.candleFrames = new CandleFrames(candles);
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
    this.verifier = verifier;
    this.audit = audit;
  }

  /** The mask of {@code grants} on this shard; null when they grant everything. */
  GrantMask maskFor(Grants grants) {
    return grants.all() ? null : masks.computeIfAbsent(grants, g -> new GrantMask(g, directory));
  }

  /** {@code names} against this shard's symbols and {@code grants}. */
  public ResolvedSymbols resolve(Iterable<String> names, Grants grants) {
    return ResolvedSymbols.of(names, directory, maskFor(grants));
  }

  /** Every symbol id {@code grants} cover. */
  public BitSet grantedIds(Grants grants) {
    GrantMask mask = maskFor(grants);
    BitSet ids = new BitSet();
    for (int id = 0; id < directory.size(); id++) {
      if (mask == null || mask.permits(id)) {
        ids.set(id);
      }
    }
    return ids;
  }

  /** The symbols {@code grants} cover, described, in the feed's order. */
  public List<SymbolInfo> grantedInfos(Grants grants) {
    List<SymbolInfo> all = directory.infos();
    return grants.all() ? all : all.stream().filter(i -> grants.permits(i.symbol(), i.kind())).toList();
  }

  public void onTicks(TickBatch batch) {
    int coalesced = 0;
    for (TickEvent tick : batch.ticks()) {
      int id = cache.accept(tick);
      if (id < 0) {
        continue;
      }
      if (undelivered.get(id) && subscriptions.hasSubscribers(id)) {
        coalesced++;
      }
      undelivered.set(id);
    }
    if (coalesced > 0) {
      metrics.ticksCoalesced(coalesced); // one shared-counter update per batch, not per tick
    }
  }

  /**
   * A frame carries symbol {@code id}'s latest tick. Every tick of every frame comes here, and all
   * but the first frame to carry a tick find its bit clear already: they only read it
   * ({@code BitSet.clear} would write the word and rescan the top words each time).
   */
  void onDelivered(int id) {
    if (undelivered.get(id)) {
      undelivered.clear(id);
    }
  }

  public void onSymbols(List<SymbolInfo> universe) {
    directory.describe(universe);
    releaseAwaitingSymbols();
  }

  /** Runs {@code work} now if this shard knows the node's symbols (or gave up waiting), else once it does. */
  public void whenSymbolsKnown(Runnable work) {
    if (awaitingSymbols == null) {
      work.run();
    } else {
      awaitingSymbols.add(work);
    }
  }

  /** The first symbol list arrived, or the node waited long enough for it (its feed is down): held work runs. */
  void releaseAwaitingSymbols() {
    List<Runnable> held = awaitingSymbols;
    awaitingSymbols = null;
    if (held != null) {
      held.forEach(Runnable::run);
    }
  }

  /** A feed status change is told to every connection, one shared frame. */
  public void onFeedStatus(FeedStatus status) {
    if (status.live() == feedStatus.live()) {
      return;
    }
    feedStatus = status;
    WireFrame frame = WireFrame.copyOf(ServerMessages.status(status.word(), status.since()));
    sessions.forEach(s -> s.send(frame));
    frame.release();
  }

  public FeedStatus feedStatus() {
    return feedStatus;
  }

  ClientSession open(String id, io.vertx.core.http.ServerWebSocket ws, Identity identity, String peer) {
    return open(id, new WebSocketLink(ws, vertx, config.writeQueueBytes()), identity, peer);
  }

  ClientSession open(String id, ClientLink link, Identity identity, String peer) {
    ClientSession session = new ClientSession(id, link, this, System.currentTimeMillis(), identity, peer);
    sessions.add(session);
    return session;
  }

  void closed(ClientSession session) {
    if (sessions.remove(session)) {
      session.onClosed();
    }
  }

  void joinGroup(ClientSession session, int intervalMs) {
    if (session.group != null && session.group.intervalMs() == intervalMs) {
      return;
    }
    leaveGroup(session);
    groups.computeIfAbsent(intervalMs, ms -> new IntervalGroup(ms, this)).add(session);
  }

  void leaveGroup(ClientSession session) {
    IntervalGroup group = session.group;
    if (group != null) {
      group.remove(session);
      if (group.isEmpty()) {
        groups.remove(group.intervalMs());
      }
    }
  }

  /**
   * Pings every WebSocket every {@code pingEveryMs} (keep-alive and lag probe in one) and closes
   * those silent for longer than the idle timeout. An SSE stream never speaks, so it is never idle;
   * it gets its keep-alive comment every {@code --ping-interval-ms}.
   */
  void sweep(int pingEveryMs) {
    long now = System.currentTimeMillis();
    long nowNanos = System.nanoTime();
    long pingEveryNanos = pingEveryMs * 1_000_000L;
    long keepAliveNanos = config.pingIntervalMs() * 1_000_000L;
    for (ClientSession session : new ArrayList<>(sessions)) {
      boolean twoWay = session.twoWay();
      if (twoWay && now - session.lastHeardMs > config.idleTimeoutMs()) {
        session.close(CloseCode.NORMAL, "idle timeout");
      } else if (session.open() && nowNanos - session.lastPingNanos >= (twoWay ? pingEveryNanos : keepAliveNanos)) {
        IntervalGroup group = session.group;
        if (twoWay && group != null && !session.pingOwed && group.intervalMs() <= pingEveryMs) {
          session.owePing(nowNanos); // goes out with its next flush
        } else {
          session.ping(nowNanos); // no flush due soon, or the owed ping never went out (left its group)
        }
      }
    }
  }

  /** Shutdown: every client is told 1001 (going away). */
  void closeAll() {
    for (ClientSession session : new ArrayList<>(sessions)) {
      session.close(CloseCode.GOING_AWAY, "server shutting down");
    }
  }

  Vertx vertx() {
    return vertx;
  }

  public ServiceConfig config() {
    return config;
  }

  TickerMetrics metrics() {
    return metrics;
  }

  TokenVerifier verifier() {
    return verifier;
  }

  AuthAudit audit() {
    return audit;
  }

  public SymbolDirectory directory() {
    return directory;
  }

  public LastValueCache cache() {
    return cache;
  }

  SubscriptionRegistry subscriptions() {
    return subscriptions;
  }

  CandleFrames candleFrames() {
    return candleFrames;
  }

  /**
   * The body of {@code GET /api/candles}: the newest {@code limit} candles of a symbol this shard
   * knows (and the caller checked against the grants).
   */
  public Buffer candlesBody(String symbol, Timeframe tf, int limit) {
    return candleFrames.history(null, null, symbol, tf, limit, null);
  }

  public TickFrameBuilder frameBuilder() {
    return frameBuilder;
  }
}
