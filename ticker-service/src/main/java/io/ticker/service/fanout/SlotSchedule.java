package io.ticker.service.fanout;

import java.util.Arrays;

/**
 * When each phase slot of an {@link IntervalGroup} is due next: at its place in the interval, and
 * never before one interval has passed since its last flush, whose connections were all sent then
 * or earlier. Slots are independent: one that waits for its interval holds up no other.
 *
 * <pre>
 * turnNanos[k]:    slot k's place in the interval, start + (k+1)·interval/count + n·interval
 * flushedNanos[k]: when slot k was last flushed
 * due(k) = max(turnNanos[k], flushedNanos[k] + interval)
 * </pre>
 *
 * A slot flushed late keeps its place: its next turn is one interval after its last turn, not after
 * its flush. A slot so late that whole intervals went by skips those turns rather than taking them
 * back to back.
 */
final class SlotSchedule {

  private final long intervalNanos;
  private final long slotNanos;
  private final long[] turnNanos;
  private final long[] flushedNanos;

  SlotSchedule(int count, long intervalNanos, long nowNanos) {
    this.intervalNanos = intervalNanos;
    this.slotNanos = intervalNanos / count;
    this.turnNanos = new long[count];
    this.flushedNanos = new long[count];
    Arrays.fill(flushedNanos, nowNanos - 2 * intervalNanos);
  }

  long slotNanos() {
    return slotNanos;
  }

  /** The group starts (again) at {@code nowNanos}: slot {@code k}'s first turn is {@code k+1} slots later. */
  void start(long nowNanos) {
    for (int k = 0; k < turnNanos.length; k++) {
      turnNanos[k] = nowNanos + (k + 1) * slotNanos;
    }
  }

  /** The slot due first. */
  int earliest() {
    int first = 0;
    for (int k = 1; k < turnNanos.length; k++) {
      if (dueNanos(k) - dueNanos(first) < 0) {
        first = k;
      }
    }
    return first;
  }

  long dueNanos(int slot) {
    return Math.max(turnNanos[slot], flushedNanos[slot] + intervalNanos);
  }

  /** Slot {@code slot} was flushed at {@code nowNanos}: its next turn is one interval after this one. */
  void flushed(int slot, long nowNanos) {
    flushedNanos[slot] = nowNanos;
    long next = turnNanos[slot] + intervalNanos;
    if (next <= nowNanos) { // whole intervals went by
      next += ((nowNanos - next) / intervalNanos + 1) * intervalNanos;
    }
    turnNanos[slot] = next;
  }
}
