package io.ticker.service.fanout;

import io.ticker.model.protocol.CloseCode;
import io.ticker.service.Logging;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.cache.LastValueCache;
import io.ticker.service.protocol.TickFrameBuilder;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The connections of one shard that share an update interval, flushed together on one timer.
 *
 * <p>A flush sends each connection the latest tick of every subscribed symbol that changed since it
 * was last sent (its {@link Delivery}); intermediate ticks were already coalesced away by
 * the cache. Connections with the same {@link Subscription} and the same {@code since} (all that
 * kept up, or all that fell behind at the same flush) need the very same frame, so it is built
 * once and the one buffer is written to all of them: the work per flush is per distinct
 * (subscription, since) pair plus one write per connection, never per subscriber per tick. A connection whose write queue is full is skipped: its {@code since} stays,
 * so its next frame conflates everything it missed; if it stays full past the grace period it is
 * closed with 1013. Memory per connection is thus bounded by one frame plus the socket buffers.
 */
final class IntervalGroup implements IntConsumer {

  private static final Logger LOG = Logger.getLogger(IntervalGroup.class.getName());

  private final int intervalMs;
  private final long intervalNanos;
  private final Shard shard;
  /** The timers' clock (System.nanoTime) and the wall clock (ms, as tick ts): a seam for tests. */
  private final LongSupplier nanoClock;
  private final LongSupplier msClock;
  private ClientSession[] members = new ClientSession[16];
  private int size;
  private long timerId = -1;
  /** Frames built in this flush, by what they answer: the same subscription, behind by the same amount. */
  private final Map<FrameKey, Frame> sharedFrames = new HashMap<>();

  /** Subscriptions are interned, so identity equality is enough for the first half. */
  private record FrameKey(Subscription subscription, long since) {
  }

  /** A finished update frame and how many ticks it carries. */
  private record Frame(Buffer bytes, int ticks) {
  }

  private static final Frame EMPTY = new Frame(null, 0);

  // State of the frame being built, kept in fields so the change walk allocates no lambda.
  private TickFrameBuilder building;
  private Subscription buildingFor;
  private Map<Integer, Long> skip;
  private Map<Integer, Long> hold;
  private long nowMs;

  /** A ping unanswered this long means the client stopped reading: no more frames until it answers. */
  private static final long LAG_LIMIT_NANOS = 1_000_000_000L;

  /** Connections written per event-loop turn during a flush. */
  private static final int CHUNK = 256;
  // Progress of the flush under way: members[cursor..] are still to do.
  private int cursor;
  private boolean flushing;
  private long nowNanos;
  private long flushStartNanos;
  private long chunkHead = -1;
  // Written and skipped in the chunk under way, added to the shared meters when it ends.
  private int chunkFrames;
  private long chunkTicks;
  private int chunkSkipped;

  IntervalGroup(int intervalMs, Shard shard) {
    this(intervalMs, shard, System::nanoTime, System::currentTimeMillis);
  }

  IntervalGroup(int intervalMs, Shard shard, LongSupplier nanoClock, LongSupplier msClock) {
    this.intervalMs = intervalMs;
    this.intervalNanos = intervalMs * 1_000_000L;
    this.shard = shard;
    this.nanoClock = nanoClock;
    this.msClock = msClock;
  }

  int intervalMs() {
    return intervalMs;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void add(ClientSession session) {
    if (size == members.length) {
      members = Arrays.copyOf(members, size * 2);
    }
    session.group = this;
    session.slot = size;
    members[size++] = session;
    if (timerId < 0 && !flushing) {
      schedule();
    }
  }

  /**
   * Swap-remove. During a chunked flush the moved connection may land in a slot already passed:
   * it then simply gets its (coalesced) frame at the next flush.
   */
  void remove(ClientSession session) {
    int slot = session.slot;
    ClientSession last = members[--size];
    members[slot] = last;
    last.slot = slot;
    members[size] = null;
    session.group = null;
    session.slot = -1;
    if (size == 0 && timerId >= 0) {
      shard.vertx().cancelTimer(timerId);
      timerId = -1;
    }
  }

  /** Re-armed after each flush, so two frames are never closer than the interval. */
  private void schedule() {
    timerId = shard.vertx().setTimer(intervalMs, t -> {
      timerId = -1;
      startFlush();
    });
  }

  /** What the timer runs (package-private so that tests can flush without waiting for it). */
  void startFlush() {
    flushing = true;
    nowNanos = nanoClock.getAsLong(); // the timers' clock: a full interval has passed since the last flush
    flushStartNanos = nowNanos;
    cursor = 0;
    sharedFrames.clear();
    flushChunk();
  }

  /**
   * Flushes the next {@link #CHUNK} connections, then yields the event loop before the rest:
   * tick batches that arrived meanwhile are applied first, so later connections get fresher
   * values, and pings, handshakes and ticks never wait behind a whole group.
   */
  private void flushChunk() {
    LastValueCache cache = shard.cache();
    long head = cache.head();
    if (head != chunkHead) {
      sharedFrames.clear(); // frames built before new ticks arrived are not reused after
      chunkHead = head;
    }
    nowMs = msClock.getAsLong();
    int end = Math.min(size, cursor + CHUNK);
    for (; cursor < end; cursor++) {
      try {
        flushOne(members[cursor], head);
      } catch (RuntimeException e) { // one broken connection must not stop the group's clock
        ClientSession failed = members[cursor];
        Logging.log(LOG, Level.WARNING, "flush of a connection failed: " + e, failed.id, failed.peer());
      }
    }
    shard.metrics().flushed(chunkFrames, chunkTicks, chunkSkipped);
    chunkFrames = 0;
    chunkTicks = 0;
    chunkSkipped = 0;
    if (cursor < size) {
      shard.vertx().runOnContext(v -> flushChunk());
      return;
    }
    sharedFrames.clear();
    flushing = false;
    shard.metrics().flushTook(nanoClock.getAsLong() - flushStartNanos);
    if (size > 0) {
      schedule();
    }
  }

  private void flushOne(ClientSession session, long head) {
    Delivery delivery = session.delivery;
    if (!session.open() || !session.receivesData() || !delivery.due(head, nowNanos, nowMs, intervalNanos)) {
      return; // nothing new, no valid token now, or it just moved here from a group that flushed it moments ago
    }
    if (session.writeQueueFull() || session.lagging(nowNanos, LAG_LIMIT_NANOS)) {
      onBehind(session);
      return;
    }
    session.backlog.keptUp();
    boolean holdOver = delivery.holdOver(nowMs);
    Frame frame;
    if (delivery.plain()) {
      FrameKey key = new FrameKey(session.subscription, delivery.since());
      frame = sharedFrames.get(key);
      if (frame == null) {
        frame = build(session.subscription, delivery.since(), null, null, null);
        sharedFrames.put(key, frame);
      }
    } else {
      frame = holdOver ? build(session.subscription, delivery.since(), delivery.sentInSnapshot(), null, delivery.clientAhead())
          : build(session.subscription, delivery.since(), delivery.sentInSnapshot(), delivery.clientAhead(), null);
    }
    if (frame != EMPTY) {
      session.send(frame.bytes());
      chunkFrames++;
      chunkTicks += frame.ticks();
    }
    int candleFrames = session.candles.isEmpty() ? 0 : session.candles.flush();
    chunkFrames += candleFrames;
    delivery.flushed(head, holdOver, shard.cache(), frame != EMPTY || candleFrames > 0, nowNanos);
  }

  private void onBehind(ClientSession session) {
    chunkSkipped++;
    if (session.backlog.behindTooLong(nowMs)) {
      shard.metrics().slowConsumerClosed();
      Logging.log(LOG, Level.INFO, "slow consumer: behind for " + session.backlog.behindForMs(nowMs) + " ms, closing with 1013",
          session.id, session.peer());
      session.close(CloseCode.TRY_AGAIN_LATER, "slow consumer");
    }
  }

  /**
   * The update frame of {@code subscription}'s changes after {@code since}, or EMPTY. Ticks at or
   * below {@code alreadySent}'s or {@code held}'s seq are left out; {@code forced}'s symbols are
   * sent at their current tick even when unchanged (a resume hold that ran out).
   */
  private Frame build(Subscription subscription, long since, Map<Integer, Long> alreadySent, Map<Integer, Long> held,
                      Map<Integer, Long> forced) {
    LastValueCache cache = shard.cache();
    long window = cache.head() - since;
    building = shard.frameBuilder().beginUpdate((int) Math.min(window, subscription.all() ? 1024 : subscription.size()));
    buildingFor = subscription;
    skip = alreadySent;
    hold = held;
    if (!subscription.all() && subscription.size() <= window) {
      for (int id : subscription.ids()) { // few symbols, many changes: look each one up
        if (cache.versionOf(id) > since) {
          accept(id);
        }
      }
    } else {
      cache.forEachChangedSince(since, this); // few changes: walk them
    }
    if (forced != null) {
      for (int id : forced.keySet()) {
        TickEvent tick = cache.latest(id);
        if (tick != null && subscription.contains(id) && cache.versionOf(id) <= since) { // else walked above
          building.add(tick);
        }
      }
    }
    hold = null;
    int count = building.count();
    Buffer bytes = building.finish();
    building = null;
    return count == 0 ? EMPTY : new Frame(bytes, count);
  }

  /** One changed symbol of the frame being built. */
  @Override
  public void accept(int id) {
    if (!buildingFor.contains(id)) {
      return;
    }
    TickEvent tick = shard.cache().latest(id);
    if (clientHas(skip, id, tick) || clientHas(hold, id, tick)) {
      return;
    }
    building.add(tick);
    shard.onDelivered(id, nowMs - tick.ts());
  }

  /** Whether {@code seqs} (symbol id → seq the client holds, or null) already covers {@code tick}. */
  private static boolean clientHas(Map<Integer, Long> seqs, int id, TickEvent tick) {
    if (seqs == null) {
      return false;
    }
    Long has = seqs.get(id);
    return has != null && has >= tick.seq();
  }
}
