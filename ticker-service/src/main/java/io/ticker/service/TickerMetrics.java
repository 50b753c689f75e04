package io.ticker.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's own meters (README: HTTP, the metrics table), shared by all shards of a node; Micrometer
 * counters are lock-free. Updated per frame or per tick, never per subscriber per tick.
 */
public final class TickerMetrics {

  private final Counter ticksIn;
  private final Counter ticksRelayed;
  private final Counter ticksOut;
  private final Counter framesOut;
  private final Counter framesSkipped;
  private final Counter coalesced;
  private final Counter slowConsumerCloses;
  private final Timer tickLatency;
  private final Timer feedAge;
  private final Timer flushDuration;
  private final AtomicInteger feedLive = new AtomicInteger();

  /** {@code openConnections}: the node's open client connections (its admission keeps the count). */
  public TickerMetrics(MeterRegistry registry, java.util.function.IntSupplier openConnections, int maxConnections) {
    ticksIn = Counter.builder("ticker.ticks.in").description("Ticks ingested from the upstream feed").register(registry);
    ticksRelayed = Counter.builder("ticker.ticks.relayed").description("Ticks this node received from the ingest leader over the event bus").register(registry);
    ticksOut = Counter.builder("ticker.ticks.out").description("Ticks written to clients (a tick in a frame to N clients counts N)").register(registry);
    framesOut = Counter.builder("ticker.frames.out").description("Data frames (update and candle) written to clients").register(registry);
    framesSkipped = Counter.builder("ticker.frames.skipped").description("Flushes skipped because the client's write queue was full (conflated into a later frame)").register(registry);
    coalesced = Counter.builder("ticker.ticks.coalesced").description("Ticks replaced by a newer tick of the same symbol before any subscriber was sent them").register(registry);
    slowConsumerCloses = Counter.builder("ticker.slow.consumer.closes").description("Connections closed with 1013 for not keeping up").register(registry);
    tickLatency = Timer.builder("ticker.tick.latency").description("Tick event time (ts) to the write of the frame carrying it: once per frame built, for the oldest tick in it")
        .publishPercentileHistogram()
        // bounds at the fan-out's targets (issue 9: p99 <= 280 ms, p99.9 <= 350 ms at 250 ms intervals), so a
        // percentile read from the buckets can be held against them rather than against the next power-of-two bucket
        .serviceLevelObjectives(Duration.ofMillis(250), Duration.ofMillis(280), Duration.ofMillis(300), Duration.ofMillis(350))
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    feedAge = Timer.builder("ticker.feed.age").description("Tick event time (ts) to its arrival from the upstream feed, for the oldest tick"
            + " of each live feed frame: how late ticks reach the service (on one host; across hosts the clocks' difference too)")
        .publishPercentileHistogram()
        .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(30), Duration.ofMillis(50))
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    flushDuration = Timer.builder("ticker.flush").description("Time one phase slot of an interval group takes to flush (build and write its frames)")
        .publishPercentiles(0.5, 0.99).register(registry);
    Gauge.builder("ticker.connections", openConnections, java.util.function.IntSupplier::getAsInt).strongReference(true).description("Open client connections (WebSocket and SSE)").register(registry);
    Gauge.builder("ticker.connections.max", () -> maxConnections).description("Configured limit of client connections (--max-connections)").register(registry);
    Gauge.builder("ticker.feed.live", feedLive, AtomicInteger::get).description("1 while the feed is live on this node (as its clients are told), 0 while stale").register(registry);
  }

  /** The node's view of the feed, as its relay hands it to the shards. */
  public void feedLive(boolean live) {
    feedLive.set(live ? 1 : 0);
  }

  public void ticksIn(int n) {
    ticksIn.increment(n);
  }

  public void ticksRelayed(int n) {
    ticksRelayed.increment(n);
  }

  /** What one chunk of a flush wrote and skipped: shared counters move once per chunk, not per socket. */
  public void flushed(int frames, long ticks, int skipped) {
    if (frames > 0) {
      framesOut.increment(frames);
      ticksOut.increment(ticks);
    }
    if (skipped > 0) {
      framesSkipped.increment(skipped);
    }
  }

  public void ticksCoalesced(int n) {
    coalesced.increment(n);
  }

  public void slowConsumerClosed() {
    slowConsumerCloses.increment();
  }

  public void tickAge(long ageMs) {
    tickLatency.record(Math.max(0, ageMs), TimeUnit.MILLISECONDS);
  }

  /** How old the oldest tick of a live feed frame was when it arrived. */
  public void feedAge(long ageMs) {
    feedAge.record(Math.max(0, ageMs), TimeUnit.MILLISECONDS);
  }

  public void flushTook(long nanos) {
    flushDuration.record(nanos, TimeUnit.NANOSECONDS);
  }

}
