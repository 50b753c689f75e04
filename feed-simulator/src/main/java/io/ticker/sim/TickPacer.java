package io.ticker.sim;

/**
 * How many ticks each batch must carry for the configured rate, bursts included.
 *
 * <p>It counts from the time actually elapsed since the previous batch rather than the nominal
 * batch interval, so timer jitter does not skew the rate, and carries the fractional tick over
 * to the next batch so low rates are exact too.
 */
final class TickPacer {

  // After a stall (GC pause, suspended laptop) don't try to catch up on more than a few batches.
  private static final int MAX_CATCH_UP_BATCHES = 4;

  private final double ticksPerNano;
  private final long maxStepNanos;
  private final long startNanos;
  private final long burstPeriodNanos;
  private final long burstNanos;
  private final int burstFactor;

  private long lastNanos;
  private double carry;

  TickPacer(SimulatorConfig config, long startNanos) {
    this.ticksPerNano = config.rate() / 1e9;
    this.maxStepNanos = MAX_CATCH_UP_BATCHES * config.batchMs() * 1_000_000L;
    this.startNanos = startNanos;
    this.burstPeriodNanos = config.burstEverySec() * 1_000_000_000L;
    this.burstNanos = config.burstMs() * 1_000_000L;
    this.burstFactor = config.burstFactor();
    this.lastNanos = startNanos;
  }

  /** The ticks due for the time since the previous call (or since start). */
  int ticksDue(long nowNanos) {
    long step = Math.min(Math.max(nowNanos - lastNanos, 0), maxStepNanos);
    lastNanos = nowNanos;
    double multiplier = inBurst(nowNanos) ? burstFactor : 1;
    carry += step * ticksPerNano * multiplier;
    int due = (int) carry;
    carry -= due;
    return due;
  }

  /** Bursts start one full period after start, then every period, each lasting the burst length. */
  boolean inBurst(long nowNanos) {
    long elapsed = nowNanos - startNanos;
    return burstPeriodNanos > 0 && elapsed >= burstPeriodNanos && elapsed % burstPeriodNanos < burstNanos;
  }
}
