package io.ticker.service.fanout;

import java.util.PriorityQueue;
import java.util.Random;

/**
 * A {@link FlushClock} on simulated time whose timers fire late, as a busy event loop's do: each
 * timer runs at its due time plus a lateness drawn from a seeded random up to {@code maxLateNanos},
 * and never before the task that ran before it. Time moves only in {@link #run}, so a test
 * can run minutes of an interval group's schedule in milliseconds, the same on any machine.
 */
final class LateClock implements FlushClock {

  private static final long MS = 1_000_000L;

  private record Timer(long id, long dueNanos, Runnable task) {
  }

  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.id, b.id));
  private final Random random;
  private final long maxLateNanos;
  private final long epochMs = System.currentTimeMillis();
  private final long startNanos = System.nanoTime();
  private long nanos = startNanos;
  private long ids;
  private Timer armed;
  private long fired;

  /** Starts at the JVM's nanoTime, as a connection's own state (made with it) expects. */
  LateClock(long seed, long maxLateNanos) {
    this.random = new Random(seed);
    this.maxLateNanos = maxLateNanos;
  }

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public long currentTimeMillis() {
    return epochMs + (nanos - startNanos) / MS;
  }

  @Override
  public void arm(long delayNanos, Runnable task) {
    long late = maxLateNanos == 0 ? 0 : (long) (random.nextDouble() * maxLateNanos);
    armed = new Timer(++ids, nanos + Math.max(0, delayNanos) + late, task);
    timers.add(armed);
  }

  @Override
  public void disarm() {
    timers.remove(armed);
  }

  /** Time passing inside a task: the work it does (a write) takes {@code nanos}. */
  void advance(long nanos) {
    this.nanos += nanos;
  }

  /** How many timers have run. */
  long fired() {
    return fired;
  }

  /** Runs every timer due in the next {@code durationNanos}, in order, {@code beforeEach} just before each. */
  void run(long durationNanos, Runnable beforeEach) {
    long endNanos = nanos + durationNanos;
    while (!timers.isEmpty() && timers.peek().dueNanos <= endNanos) {
      Timer next = timers.poll();
      nanos = Math.max(nanos, next.dueNanos);
      beforeEach.run();
      fired++;
      next.task.run();
    }
    nanos = Math.max(nanos, endNanos);
  }
}
