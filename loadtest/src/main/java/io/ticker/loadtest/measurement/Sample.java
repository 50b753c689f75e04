package io.ticker.loadtest.measurement;

/**
 * One second of the run: open connections, throughput and the tick-age percentiles (ms) of that
 * second; the service's side of about the same second when its metrics are read: its cores (summed
 * over the nodes) and its tick age p99 (at most, the largest over the nodes), null otherwise.
 */
public record Sample(double t, int connections, int stalled, double framesPerSec, double ticksPerSec, double mbPerSec,
    long ageP50, long ageP90, long ageP99, long ageP999, long ageMax, long ageCount, boolean measuring,
    Double serverCores, Double serverAgeP99AtMostMs) {
}
