package io.ticker.service.fanout;

import io.ticker.model.WireFrame;
import io.ticker.model.protocol.SlowConsumer;
import io.ticker.service.auth.Grants;
import io.ticker.service.auth.Identity;
import io.ticker.model.protocol.ServerMessages;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * One client connection: its subscription, its interval and how far it has been sent. Runs on its
 * shard's event loop only. Its ops ({@link SessionOps}) are answered at once; data frames are
 * written by its {@link IntervalGroup} on the group's clock.
 */
final class ClientSession {

  final String id;
  private final ClientLink link;
  private final Shard shard;
  private final SessionAuth auth;
  /** What it asks for: its ops, rate-limited and answered. */
  private final SessionOps ops;
  /** Its {@code candles} streams: made at its first candles op (most connections never send one). */
  private CandleStreams candles;

  /** Its symbols, as interned by the shard (shared with the connections that hold the same set). */
  SharedSubscription subscription = SharedSubscription.NONE;
  IntervalGroup group;
  /** Its phase slot in {@link #group} ({@link PhaseSlots}) and its index there, for O(1) removal. */
  int phase = -1;
  int slot = -1;
  /** What it has been sent of the ticks. */
  final Delivery delivery = new Delivery();
  /** The slow-consumer rule: skipped while behind, closed with 1013 after the grace. */
  final SlowConsumer backlog;
  long lastHeardMs;
  /** When (System.nanoTime) the ping now awaiting its pong was sent; 0 when none is outstanding. */
  long pingSentNanos;
  long lastPingNanos;
  /** A ping the sweep asked for, to go out with the connection's next flush: see {@link #owePing}. */
  boolean pingOwed;
  boolean closed;
  /**
   * Whether its token is valid now (always, without auth): set by {@link SessionAuth}, kept here
   * because every flush of this connection reads it.
   */
  boolean authorized;

  /** {@code identity}: from the upgrade's Bearer header, anonymous without auth, or null until an {@code auth} op. */
  ClientSession(String id, ClientLink link, Shard shard, long nowMs, Identity identity, String peer) {
    this.id = id;
    this.link = link;
    this.shard = shard;
    this.lastHeardMs = nowMs;
    this.backlog = new SlowConsumer(shard.config().slowConsumerGraceMs());
    this.auth = new SessionAuth(this, shard.vertx(), shard.verifier(), shard.audit(), peer, identity,
        shard.config().auth().timeoutMs(), shard.config().auth().expiredGraceMs());
    this.ops = new SessionOps(this, shard, auth);
  }

  /** Data goes only to a connection with a valid token (or any, without auth). */
  boolean receivesData() {
    return authorized;
  }

  /** The slow-consumer signal the flushes check. */
  boolean writeQueueFull() {
    return link.writeQueueFull();
  }

  /** Whether the client talks back (WebSocket): pings probe its lag and silence means idle. */
  boolean twoWay() {
    return link.twoWay();
  }

  /** The client's address, host:port, for logs. */
  String peer() {
    return link.peer();
  }

  /** Open on both ends as far as we know: a peer's close can land before our close handler runs. */
  boolean open() {
    return !closed && !link.isClosed();
  }

  /** Writes a frame; the caller keeps its reference (the frame may go to many connections). */
  void send(WireFrame frame) {
    if (open()) {
      link.send(frame);
    }
  }

  /** Writes a one-off message (a reply, an error) as a frame of its own. */
  void send(Buffer message) {
    if (open()) {
      WireFrame frame = WireFrame.copyOf(message);
      link.send(frame);
      frame.release();
    }
  }

  void close(short code, String reason) {
    if (!closed) {
      closed = true;
      link.close(code, reason);
    }
  }

  /** A pong: the client reads what we send (it had to read past every frame before the ping). */
  void onPong() {
    lastHeardMs = System.currentTimeMillis();
    pingSentNanos = 0;
  }

  CandleStreams candleStreams() {
    if (candles == null) {
      candles = new CandleStreams(this, shard);
    }
    return candles;
  }

  private boolean streamsCandles() {
    return candles != null && !candles.isEmpty();
  }

  /** Its part of a flush: the candle frames due on its streams; the count written. */
  int flushCandles() {
    return streamsCandles() ? candles.flush() : 0;
  }

  /** A keep-alive; on a two-way link also a lag probe, outstanding until its pong. */
  void ping(long nowNanos) {
    pinged(nowNanos);
    link.ping();
  }

  private void pinged(long nowNanos) {
    if (pingSentNanos == 0 && link.twoWay()) {
      pingSentNanos = nowNanos;
    }
    lastPingNanos = nowNanos;
    pingOwed = false;
  }

  /**
   * A ping for its group's next flush of this connection (within one interval), written after that
   * flush's frame in the same syscall: pings cost no write of their own, and the sweep does not
   * write thousands of them at one instant, which would hold up the slots due meanwhile.
   */
  void owePing(long nowNanos) {
    pingOwed = true;
    lastPingNanos = nowNanos;
  }

  /** Writes a data frame, and the owed ping after it in the same flush. */
  void sendData(WireFrame frame, long nowNanos) {
    if (!open()) {
      return;
    }
    if (pingOwed) {
      pinged(nowNanos);
      link.sendThenPing(frame);
    } else {
      link.send(frame);
    }
  }

  /** The end of this connection's flush: the owed ping, if no frame took it. */
  void flushOwedPing(long nowNanos) {
    if (pingOwed && open()) {
      ping(nowNanos);
    }
  }

  /**
   * Whether the client has left a ping unanswered for longer than {@code limitNanos}: its kernel may
   * still be taking our bytes (receive windows grow to megabytes), but the application stopped
   * reading, so more frames would only pile up stale.
   */
  boolean lagging(long nowNanos, long limitNanos) {
    return pingSentNanos != 0 && nowNanos - pingSentNanos > limitNanos;
  }

  /** An op from the client. */
  void onText(String message) {
    lastHeardMs = System.currentTimeMillis();
    ops.onText(message);
  }

  /**
   * Adds {@code wanted} (null = every granted symbol, {@code "*"}) to the subscription, sends their
   * snapshot and joins the interval's group. Names are already checked (known, granted, within the
   * limit): an SSE stream starts here, subscribed from its URL.
   */
  void subscribe(BitSet wanted, int intervalMs, Map<Integer, Long> clientHas) {
    boolean wasEmpty = subscription.set.isEmpty();
    replaceSubscription(wanted == null ? Subscription.allOf(shard.maskFor(grants())) : subscription.set.with(wanted));
    Snapshots.send(this, shard, wanted, wasEmpty, clientHas);
    shard.joinGroup(this, intervalMs);
  }

  Grants grants() {
    return auth.identity().grants();
  }

  /** Data frames (updates, candles) go out on the group's clock: the connection's interval, or the default. */
  void joinGroup() {
    if (group == null) {
      shard.joinGroup(this, shard.config().defaultIntervalMs());
    }
  }

  /** A connection with nothing to stream needs no flushes. */
  void leaveGroupIfIdle() {
    if (subscription.set.isEmpty() && !streamsCandles()) {
      shard.leaveGroup(this);
    }
  }

  void replaceSubscription(Subscription next) {
    SharedSubscription held = subscription;
    subscription = shard.subscriptions().acquire(next);
    shard.subscriptions().release(held);
  }

  /**
   * A refreshed token changed the grants: symbols no longer granted are dropped (one
   * {@code unsubscribed} frame names them); under {@code "*"} newly granted ones get a snapshot.
   */
  void onGrantsChanged() {
    GrantMask mask = shard.maskFor(grants());
    int universe = shard.directory().size();
    BitSet lost = new BitSet();
    BitSet gained = new BitSet();
    for (int symbolId = 0; symbolId < universe; symbolId++) {
      boolean had = subscription.set.contains(symbolId);
      boolean may = mask == null || mask.permits(symbolId);
      if (had && !may) {
        lost.set(symbolId);
      } else if (!had && may && subscription.set.all()) {
        gained.set(symbolId);
      }
    }
    Subscription next = subscription.set.all() ? Subscription.allOf(mask) : subscription.set.without(lost, universe);
    replaceSubscription(next);
    if (!lost.isEmpty()) {
      List<String> names = new ArrayList<>();
      lost.stream().forEach(symbolId -> names.add(shard.directory().name(symbolId)));
      send(ServerMessages.unsubscribed(null, names));
    }
    if (candles != null) {
      candles.dropUngranted(symbol -> {
        int symbolId = shard.directory().find(symbol);
        return mask == null || (symbolId >= 0 && mask.permits(symbolId));
      });
    }
    leaveGroupIfIdle();
    if (!next.isEmpty() && !gained.isEmpty()) {
      Snapshots.send(this, shard, gained, false, null);
    }
  }

  /** Called once when the socket is gone, whoever closed it. */
  void onClosed() {
    closed = true;
    auth.onClosed();
    shard.leaveGroup(this);
    shard.subscriptions().release(subscription);
    subscription = SharedSubscription.NONE;
  }
}
