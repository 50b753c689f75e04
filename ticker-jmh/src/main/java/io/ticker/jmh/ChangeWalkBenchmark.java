package io.ticker.jmh;

import io.ticker.service.cache.LastValueCache;
import io.ticker.service.cache.SymbolDirectory;
import io.ticker.service.bus.TickEvent;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The shard's cache on the hot path: accepting a batch of ticks (once per shard per batch) and
 * walking "what changed since v" (once per distinct (subscription, since) per flush).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChangeWalkBenchmark {

  @Param({"1000"})
  int symbols;

  @Param({"100", "2500"})
  int changes;

  private LastValueCache cache;
  private TickEvent[] batch;
  /** One encoded tick per symbol: accepting re-stamps the seq only, so encoding is not measured. */
  private TickEvent[] template;
  private long seq = 1;
  private long since;

  @Setup
  public void setUp() {
    cache = new LastValueCache(new SymbolDirectory());
    for (int i = 0; i < symbols; i++) {
      cache.accept(Ticks.tick(i, seq++));
    }
    template = new TickEvent[symbols];
    for (int i = 0; i < symbols; i++) {
      template[i] = Ticks.tick(i, 0);
    }
    batch = new TickEvent[changes];
    for (int i = 0; i < changes; i++) {
      batch[i] = Ticks.tick((i * 7) % symbols, Long.MAX_VALUE / 2 + i);
    }
    since = cache.head();
    for (TickEvent tick : batch) {
      cache.accept(tick);
    }
  }

  @Benchmark
  public void walkChangesSince(Blackhole hole) {
    IntConsumer sink = hole::consume;
    cache.forEachChangedSince(since, sink);
  }

  @Benchmark
  public int acceptOneTick() {
    TickEvent t = template[(int) (seq % symbols)];
    return cache.accept(new TickEvent(t.symbol(), Long.MAX_VALUE / 2 + changes + seq++, t.ts(), t.json(), t.trade()));
  }
}
