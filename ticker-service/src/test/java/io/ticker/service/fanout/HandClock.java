package io.ticker.service.fanout;

import java.util.function.LongSupplier;

/**
 * A {@link FlushClock} a test moves by hand: the time is the test's, and the group's slot timer
 * never fires by itself (the test flushes with {@link IntervalGroup#flushAllSlots}, or fires the
 * timer last armed with {@link #fire}), so no flush runs on another thread while the test drives
 * the group, however slow the machine.
 */
final class HandClock implements FlushClock {

  private final LongSupplier nanos;
  private final LongSupplier ms;
  private Runnable armed;
  private long armedDelayNanos;

  HandClock(LongSupplier nanos, LongSupplier ms) {
    this.nanos = nanos;
    this.ms = ms;
  }

  @Override
  public long nanoTime() {
    return nanos.getAsLong();
  }

  @Override
  public long currentTimeMillis() {
    return ms.getAsLong();
  }

  @Override
  public void arm(long delayNanos, Runnable task) {
    armed = task;
    armedDelayNanos = delayNanos;
  }

  /** The delay of the timer last armed (not positive: at once). */
  long armedDelayNanos() {
    return armedDelayNanos;
  }

  /** Runs the timer last armed, as if its delay had passed (the test moves the time). */
  void fire() {
    Runnable task = armed;
    armed = null;
    task.run();
  }

  @Override
  public void disarm() {
    armed = null;
  }
}
