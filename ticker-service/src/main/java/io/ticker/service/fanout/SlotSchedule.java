package io.ticker.service.fanout;

import java.util.Arrays;

/**
 * The turns of an {@link IntervalGroup}'s phase slots: one after another, a slot's length apart,
 * round after round, and never a slot's turn before one interval has passed since its last flush,
 * whose connections were all sent then or earlier.
 *
 * <pre>
 * slot:          next        (then next+1, … count-1, 0, …)
 * its turn:      turnNanos   (the turns after it: turnNanos + i·interval/count)
 * flushedNanos[k]: when slot k was last flushed
 * due = max(turnNanos, flushedNanos[next] + interval)
 * </pre>
 *
 * A turn that comes late (the loop was busy) moves nothing: the next turn is still one slot after
 * this one's, so the schedule does not drift later by the time flushes take. A slot that must wait
 * for its interval (its last flush ran late) moves every turn after it by that wait, so the slots
 * stay a slot's length apart: left where they were, the next slots would be due at once, flush back
 * to back and go on holding each other up, round after round. The ring drifts later only by the
 * waits, each once. A loop so late that whole intervals went by skips those rounds rather than
 * taking them back to back.
 */
final class SlotSchedule {

  private final long intervalNanos;
  private final long slotNanos;
  private final long[] flushedNanos;
  private int next;
  private long turnNanos;

  SlotSchedule(int count, long intervalNanos, long nowNanos) {
    this.intervalNanos = intervalNanos;
    this.slotNanos = intervalNanos / count;
    this.flushedNanos = new long[count];
    Arrays.fill(flushedNanos, nowNanos - 2 * intervalNanos);
  }

  /** The group starts (again) at {@code nowNanos}: slot 0's turn is one slot later. */
  void start(long nowNanos) {
    next = 0;
    turnNanos = nowNanos + slotNanos;
  }

  /** How long a slot is: the time between two turns. */
  long slotNanos() {
    return slotNanos;
  }

  /** The slot whose turn is next. */
  int next() {
    return next;
  }

  /** When it is due. */
  long dueNanos() {
    return Math.max(turnNanos, flushedNanos[next] + intervalNanos);
  }

  /**
   * The slot of the first turn at or after {@code dueNanos} (the turns go on a slot's length apart,
   * round the ring), or -1 when the next turn already is at or after it (then any slot's is). The
   * turns here are the ring's as it stands; a wait can only move them later.
   */
  int firstSlotDueAfter(long dueNanos) {
    long after = dueNanos - turnNanos;
    if (after <= 0) {
      return -1;
    }
    long turns = (after + slotNanos - 1) / slotNanos; // turns after the next one, up to the first at or after dueNanos
    return (int) ((next + turns) % flushedNanos.length);
  }

  /** The next slot was flushed at {@code nowNanos} (at or after {@link #dueNanos}): the turn passes to the one after. */
  void flushed(long nowNanos) {
    long due = dueNanos();
    flushedNanos[next] = nowNanos;
    next = (next + 1) % flushedNanos.length;
    turnNanos = due + slotNanos;
    if (nowNanos - turnNanos >= intervalNanos) { // whole rounds went by: skip them, keep the phase
      turnNanos += (nowNanos - turnNanos) / intervalNanos * intervalNanos;
    }
  }
}
