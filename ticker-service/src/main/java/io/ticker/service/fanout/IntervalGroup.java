package io.ticker.service.fanout;

import io.ticker.model.WireFrame;
import io.ticker.model.protocol.CloseCode;
import io.ticker.service.Logging;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The connections of one shard that share an update interval, flushed a slice at a time.
 *
 * <p><b>Schedule.</b> The interval is cut into {@link PhaseSlots} of about {@link #SLOT_MS}; one
 * timer walks them, flushing slot {@code k}'s connections at {@code k/count} of every interval.
 * Slot turns are fixed in advance ({@link SlotSchedule}), never "interval after the last flush
 * ended", so the schedule does not drift later by the time flushes take, and each flush is a short
 * slice of the event loop rather than the whole group at one instant. A timer that fires late
 * flushes one slot and wakes again at once for the next one due, so a busy loop delays slots but
 * loses none, and what queued on the loop meanwhile runs between them: above all the cache's new
 * ticks, which a run of back-to-back slots would hold back from every frame it wrote. A loop so
 * late that whole intervals went by skips those rounds rather than flushing them back to back. The
 * timer is exact to the nanosecond ({@link FlushClock}): a slot waits for nothing but the loop.
 *
 * <p><b>Never two frames within an interval; late timers cost only their lateness.</b> Timers fire
 * late by varying amounts, so a slot's turn can come a little before an interval has passed since
 * its last flush (that one ran later). The slot then waits until it has, as one (its connections
 * were all sent at that flush or earlier), and the turns after it move by the same wait, so the
 * slots stay a slot apart: left where they were, the next slots would be due at once, flush back to
 * back, and hold each other up round after round. A connection that moves in from another group (a
 * subscribe with another interval) may have been sent a frame moments ago: it goes to the slot
 * whose turn first comes a slot after its interval has passed (see {@link #add}), so it is sent
 * then and keeps that slot's phase, never checked early round after round. A connection not yet
 * due at its slot's turn all the same is passed over until the next. Frames are stamped with the
 * start of their slot's flush; on the socket, a connection's write comes after those before it in
 * its slot, so one that leaves a slot brings the writes after it sooner by its own write
 * (microseconds). {@code IntervalGroupScheduleTest} counts the frames, and the gaps between them,
 * on a clock whose timers fire late and whose writes take time, with connections moving between
 * groups.
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
final class IntervalGroup {

  private static final Logger LOG = Logger.getLogger(IntervalGroup.class.getName());

  /** About how long one phase slot is: a group flushes a slice of its connections this often. */
  static final int SLOT_MS = 10;
  static final int MAX_SLOTS = 64;

  private final int intervalMs;
  private final long intervalNanos;
  private final Shard shard;
  /** The clocks and the slot timer: Vert.x's, or a test's. */
  private final FlushClock clock;
  private final PhaseSlots slots;
  /** The timer's task, made once: the group arms a timer for every slot. */
  private final Runnable onTimer = this::onTimer;
  private boolean armed;
  /** When each slot is due. */
  private final SlotSchedule schedule;

  /** Builds the update frames of this group's flushes. */
  private final UpdateFrames updates;

  /** A ping unanswered this long means the client stopped reading: no more frames until it answers. */
  private static final long LAG_LIMIT_NANOS = 1_000_000_000L;

  // The slot flush under way: the clocks and the cache's head when it began, what it wrote and skipped.
  private long nowNanos;
  private long nowMs;
  private long head;
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
    this.shard = shard;
    this.clock = clock;
    this.updates = new UpdateFrames(shard);
    this.schedule = new SlotSchedule(slots.count(), intervalNanos, clock.nanoTime());
  }

  int intervalMs() {
    return intervalMs;
  }

  boolean isEmpty() {
    return slots.total() == 0;
  }

  /**
   * A connection goes to the least-filled slot, unless it would not be due at the next turn (it
   * moved here from another group, which sent it a frame less than an interval ago): then to the
   * slot whose turn first comes a slot after its interval has passed: its last frame went out
   * during its old slot's flush, some way into it, while the time it is stamped with is the time
   * that flush began, and a slot's length covers a flush (one takes a fraction of it).
   */
  void add(ClientSession session) {
    session.group = this;
    if (!armed) {
      schedule.start(clock.nanoTime());
    }
    int phase = schedule.firstSlotDueAfter(session.delivery.lastFrameNanos() + intervalNanos + schedule.slotNanos());
    slots.add(session, phase < 0 ? slots.leastFilled() : phase);
    if (!armed) {
      arm();
    }
  }

  void remove(ClientSession session) {
    slots.remove(session);
    session.group = null;
    if (slots.total() == 0 && armed) {
      clock.disarm();
      armed = false;
    }
  }

  /** Wakes for the next slot's turn. */
  private void arm() {
    armed = true;
    clock.arm(schedule.dueNanos() - clock.nanoTime(), onTimer);
  }

  private void onTimer() {
    armed = false;
    if (clock.nanoTime() >= schedule.dueNanos()) { // one slot; arm() wakes at once if the next is due already
      flush(schedule.next());
      schedule.flushed(nowNanos);
    }
    if (slots.total() > 0) {
      arm();
    }
  }

  /** Flushes every slot now, on the group's clock (for tests, which do not wait for the schedule). */
  void flushAllSlots() {
    for (int phase = 0; phase < slots.count(); phase++) {
      flush(phase);
    }
  }

  /** Flushes the connections of slot {@code phase}. */
  private void flush(int phase) {
    nowNanos = clock.nanoTime();
    nowMs = clock.currentTimeMillis();
    head = shard.cache().head();
    for (int i = 0; i < slots.size(phase); i++) {
      flushGuarded(slots.get(phase, i));
    }
    shard.metrics().flushed(flushFrames, flushTicks, flushSkipped);
    flushFrames = 0;
    flushTicks = 0;
    flushSkipped = 0;
    shard.metrics().flushTook(clock.nanoTime() - nowNanos);
  }

  private void flushGuarded(ClientSession session) {
    try {
      flushOne(session);
      session.flushOwedPing(nowNanos);
    } catch (RuntimeException e) { // one broken connection must not stop the group's clock
      Logging.log(LOG, Level.WARNING, "flush of a connection failed: " + e, session.id, session.peer());
    }
  }

  private void flushOne(ClientSession session) {
    Delivery delivery = session.delivery;
    if (!session.open() || !session.receivesData() || !delivery.owed(head, nowMs)) {
      return; // nothing new, or no valid token now
    }
    if (!delivery.intervalPassed(nowNanos, intervalNanos)) {
      return; // moved here from a group that sent it moments ago, and its slot's turn is yet to come
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
      long builtAtMs = clock.currentTimeMillis(); // its tick age: a slot's flush takes a while, so not the slot's start
      if (delivery.plain()) {
        frame = updates.build(subscription.set, delivery.since(), null, null, null, builtAtMs);
      } else if (holdOver) {
        frame = updates.build(subscription.set, delivery.since(), delivery.sentInSnapshot(), null, delivery.clientAhead(), builtAtMs);
      } else {
        frame = updates.build(subscription.set, delivery.since(), delivery.sentInSnapshot(), delivery.clientAhead(), null, builtAtMs);
      }
      ticks = updates.builtTicks();
      if (delivery.plain() && subscription.shared()) {
        subscription.memo(head, delivery.since(), frame, ticks);
      }
    }
    if (frame != null) {
      try {
        session.sendData(frame, nowNanos);
      } finally {
        if (built) {
          frame.release(); // the memo and the socket's write hold their own references
        }
      }
      flushFrames++;
      flushTicks += ticks;
    }
    int candleFrames = session.flushCandles();
    flushFrames += candleFrames;
    delivery.flushed(head, holdOver, shard.cache(), frame != null || candleFrames > 0, nowNanos);
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
}
