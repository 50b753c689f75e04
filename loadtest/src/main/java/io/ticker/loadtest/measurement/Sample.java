package io.ticker.loadtest.measurement;

/** One second of the run: open connections, throughput and the tick-age percentiles (ms) of that second. */
public record Sample(double t, int connections, int stalled, double framesPerSec, double ticksPerSec, double mbPerSec,
    long ageP50, long ageP90, long ageP99, long ageP999, long ageMax, long ageCount, boolean measuring) {
}
