package io.ticker.jmh;

import io.ticker.model.FeedFrame;
import io.ticker.model.Tick;
import io.ticker.model.Wire;
import io.ticker.sim.Market;
import io.ticker.sim.SimulatorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The simulator's hot path on one thread: generate a batch of ticks and encode it into one feed
 * frame. Reported per tick; the feed needs at least 50,000 ticks/s (20 µs a tick) on one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FeedHotPathBenchmark {

  private static final int BATCH = 500; // 50,000 ticks/s at the default 10 ms batches

  private Market market;

  @Setup
  public void setUp() {
    market = new Market(SimulatorConfig.defaults().withSeed(1L).withRate(50_000), 1_700_000_000_000L);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public byte[] generateAndEncodeABatch() {
    long nowMs = System.currentTimeMillis();
    List<Tick> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      batch.add(market.next(nowMs));
    }
    return Wire.feedFrameBytes(FeedFrame.ticks(batch));
  }
}
