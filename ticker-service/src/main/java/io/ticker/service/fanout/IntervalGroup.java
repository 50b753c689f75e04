package io.ticker.service.fanout;

import io.ticker.model.WireFrame;
import io.ticker.model.protocol.CloseCode;
import io.ticker.service.Logging;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.cache.LastValueCache;
import io.ticker.service.protocol.TickFrameBuilder;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The connections of one shard that share an update interval, flushed a slice at a time.
 *
 * <p><b>Schedule.</b> The interval is cut into {@link PhaseSlots} of about {@link #SLOT_MS}; one
 * timer walks them, flushing slot {@code k}'s connections at {@code k/count} of every interval.
 * Slot times are fixed in advance ({@code origin + n·interval/count}), never "interval after the
 * last flush ended", so the schedule does not drift later by the time flushes take, and each flush
 * is a short slice of the event loop rather than the whole group at one instant. A connection never
 * gets two data frames within its interval: one whose slot comes a little before its interval has
 * passed (its last slot ran late) is retried at the next slot, a few ms later, rather than a whole
 * interval later, so it still gets one frame per interval. A loop so late that whole intervals
 * went by skips those rounds rather than flushing them back to back.
 *
 * <p><b>A flush</b> sends each due connection the latest tick of every subscribed symbol that
 * changed since it was last sent (its {@link Delivery}); intermediate ticks were already coalesced
 * away by the cache. Connections holding the same subscription at the same point (all that kept
 * up, or fell behind at the same flush) need the very same frame: it is built once and the one
 * buffer written to each ({@link SharedSubscription}'s memo), so the work per flush is per distinct
 * (subscription, since) plus one write per connection, never per subscriber per tick. A
 * connection whose write queue is full is skipped: its {@code since} stays, so its next frame
 * conflates everything it missed; if it stays full past the grace period it is closed with 1013.
 * Memory per connection is thus bounded by one frame plus the socket buffers.
 */
final class IntervalGroup implements IntConsumer {

  private static final Logger LOG = Logger.getLogger(IntervalGroup.class.getName());

  /** About how long one phase slot is: a group flushes a slice of its connections this often. */
  static final int SLOT_MS = 10;
  static final int MAX_SLOTS = 64;

  private final int intervalMs;
  private final long intervalNanos;
  private final long slotNanos;
  private final Shard shard;
  /** The clocks and the slot timer: Vert.x's, or a test's. */
  private final FlushClock clock;
  private final PhaseSlots slots;
  /** Connections to retry at the next slot (owed a frame, interval not yet passed), and those being retried now. */
  private ClientSession[] deferred = new ClientSession[16];
  private int deferredCount;
  private ClientSession[] retrying = new ClientSession[16];
  private long timerId = -1;
  /** The schedule: slot {@code nextPhase} is due at {@code nextSlotNanos}. */
  private int nextPhase;
  private long nextSlotNanos;

  // State of the frame being built, kept in fields so the change walk allocates no lambda.
  private TickFrameBuilder building;
  private Subscription buildingFor;
  private Map<Integer, Long> skip;
  private Map<Integer, Long> hold;
  /** Event time of the oldest tick in the frame being built: its age is the frame's tick latency. */
  private long oldestTs;
  /** Ticks in the frame {@link #build} returned last. */
  private int builtTicks;

  /** A ping unanswered this long means the client stopped reading: no more frames until it answers. */
  private static final long LAG_LIMIT_NANOS = 1_000_000_000L;

  // The slot flush under way: the clocks when it began, what it wrote and skipped.
  private long nowNanos;
  private long nowMs;
  private int flushFrames;
  private long flushTicks;
  private int flushSkipped;

  IntervalGroup(int intervalMs, Shard shard) {
    this(intervalMs, shard, FlushClock.of(shard.vertx()));
  }

  IntervalGroup(int intervalMs, Shard shard, FlushClock clock) {
    this.intervalMs = intervalMs;
    this.intervalNanos = intervalMs * 1_000_000L;
    this.slots = new PhaseSlots(Math.max(1, Math.min(MAX_SLOTS, intervalMs / SLOT_MS)));
    this.slotNanos = intervalNanos / slots.count();
    this.shard = shard;
    this.clock = clock;
  }

  int intervalMs() {
    return intervalMs;
  }

  boolean isEmpty() {
    return slots.total() == 0;
  }

  void add(ClientSession session) {
    session.group = this;
    slots.add(session);
    if (timerId < 0) {
      nextPhase = 0;
      nextSlotNanos = clock.nanoTime() + slotNanos;
      arm();
    }
  }

  void remove(ClientSession session) {
    slots.remove(session);
    session.group = null;
    session.deferred = false; // an entry left on this group's retry list is passed over (its group is not this)
    if (slots.total() == 0 && timerId >= 0) {
      clock.cancelTimer(timerId);
      timerId = -1;
    }
  }

  private void arm() {
    long delayMs = Math.max(1, (nextSlotNanos - clock.nanoTime() + 999_999) / 1_000_000);
    timerId = clock.setTimer(delayMs, this::onSlotDue);
  }

  private void onSlotDue() {
    timerId = -1;
    long now = clock.nanoTime();
    if (now - nextSlotNanos >= intervalNanos) { // the loop missed whole rounds: drop them, keep the phase
      nextSlotNanos += (now - nextSlotNanos) / intervalNanos * intervalNanos;
    }
    flushSlot(nextPhase);
    nextPhase = (nextPhase + 1) % slots.count();
    nextSlotNanos += slotNanos;
    if (slots.total() > 0) {
      arm();
    }
  }

  /** Flushes every slot now, on the group's clock (for tests, which do not wait for the schedule). */
  void flushAllSlots() {
    for (int phase = 0; phase < slots.count(); phase++) {
      flushSlot(phase);
    }
  }

  /** Flushes the connections deferred at the last slot, then those of slot {@code phase}. */
  private void flushSlot(int phase) {
    nowNanos = clock.nanoTime();
    nowMs = clock.currentTimeMillis();
    long head = shard.cache().head();
    ClientSession[] retry = deferred;
    int retries = deferredCount;
    deferred = retrying;
    deferredCount = 0;
    retrying = retry;
    for (int i = 0; i < retries; i++) {
      ClientSession session = retry[i];
      retry[i] = null;
      session.deferred = false;
      if (session.group == this) { // else it left the group meanwhile
        flushGuarded(session, head);
      }
    }
    for (int i = 0; i < slots.size(phase); i++) {
      ClientSession session = slots.get(phase, i);
      if (!session.deferred) { // else retried at the next slot already
        flushGuarded(session, head);
      }
    }
    shard.metrics().flushed(flushFrames, flushTicks, flushSkipped);
    flushFrames = 0;
    flushTicks = 0;
    flushSkipped = 0;
    shard.metrics().flushTook(clock.nanoTime() - nowNanos);
  }

  private void flushGuarded(ClientSession session, long head) {
    try {
      flushOne(session, head);
    } catch (RuntimeException e) { // one broken connection must not stop the group's clock
      Logging.log(LOG, Level.WARNING, "flush of a connection failed: " + e, session.id, session.peer());
    }
  }

  private void flushOne(ClientSession session, long head) {
    Delivery delivery = session.delivery;
    if (!session.open() || !session.receivesData() || !delivery.owed(head, nowMs)) {
      return; // nothing new, or no valid token now
    }
    if (!delivery.intervalPassed(nowNanos, intervalNanos)) {
      defer(session); // its last slot ran late, or it just moved here from a group that flushed it moments ago
      return;
    }
    if (session.writeQueueFull() || session.lagging(nowNanos, LAG_LIMIT_NANOS)) {
      onBehind(session);
      return;
    }
    session.backlog.keptUp();
    boolean holdOver = delivery.holdOver(nowMs);
    SharedSubscription subscription = session.subscription;
    WireFrame frame;
    int ticks;
    boolean built = false;
    if (delivery.plain() && subscription.shared() && subscription.memoFor(head, delivery.since())) {
      frame = subscription.memoFrame(); // built for another holder of the same set at the same point
      ticks = subscription.memoTicks();
    } else {
      built = true;
      if (delivery.plain()) {
        frame = build(subscription.set, delivery.since(), null, null, null);
      } else if (holdOver) {
        frame = build(subscription.set, delivery.since(), delivery.sentInSnapshot(), null, delivery.clientAhead());
      } else {
        frame = build(subscription.set, delivery.since(), delivery.sentInSnapshot(), delivery.clientAhead(), null);
      }
      ticks = builtTicks;
      if (delivery.plain() && subscription.shared()) {
        subscription.memo(head, delivery.since(), frame, ticks);
      }
    }
    if (frame != null) {
      try {
        session.send(frame);
      } finally {
        if (built) {
          frame.release(); // the memo and the socket's write hold their own references
        }
      }
      flushFrames++;
      flushTicks += ticks;
    }
    int candleFrames = session.candles.isEmpty() ? 0 : session.candles.flush();
    flushFrames += candleFrames;
    delivery.flushed(head, holdOver, shard.cache(), frame != null || candleFrames > 0, nowNanos);
  }

  private void defer(ClientSession session) {
    if (deferredCount == deferred.length) {
      deferred = Arrays.copyOf(deferred, deferredCount * 2);
    }
    session.deferred = true;
    deferred[deferredCount++] = session;
  }

  private void onBehind(ClientSession session) {
    flushSkipped++;
    if (session.backlog.behindTooLong(nowMs)) {
      shard.metrics().slowConsumerClosed();
      Logging.log(LOG, Level.INFO, "slow consumer: behind for " + session.backlog.behindForMs(nowMs) + " ms, closing with 1013",
          session.id, session.peer());
      session.close(CloseCode.TRY_AGAIN_LATER, "slow consumer");
    }
  }

  /**
   * The update frame of {@code subscription}'s changes after {@code since} (its tick count in
   * {@link #builtTicks}), or null when there are none. Ticks at or
   * below {@code alreadySent}'s or {@code held}'s seq are left out; {@code forced}'s symbols are
   * sent at their current tick even when unchanged (a resume hold that ran out).
   */
  private WireFrame build(Subscription subscription, long since, Map<Integer, Long> alreadySent, Map<Integer, Long> held,
                      Map<Integer, Long> forced) {
    LastValueCache cache = shard.cache();
    long window = cache.head() - since;
    building = shard.frameBuilder().beginUpdate((int) Math.min(window, subscription.all() ? 1024 : subscription.size()));
    buildingFor = subscription;
    skip = alreadySent;
    hold = held;
    oldestTs = Long.MAX_VALUE;
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
          oldestTs = Math.min(oldestTs, tick.ts());
        }
      }
    }
    hold = null;
    builtTicks = building.count();
    WireFrame frame = building.finish();
    building = null;
    if (builtTicks == 0) {
      frame.release();
      return null;
    }
    shard.metrics().tickAge(nowMs - oldestTs); // once per frame built, not per tick in it
    return frame;
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
    oldestTs = Math.min(oldestTs, tick.ts());
    shard.onDelivered(id);
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
