package io.ticker.jmh;

import io.ticker.model.FeedFrame;
import io.ticker.model.Tick;
import io.ticker.model.TickEncoder;
import io.ticker.model.Wire;
import io.ticker.sim.Market;
import io.ticker.sim.SimulatorConfig;
import java.io.IOException;
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
 * The service's ingest per tick, as far as JSON goes: one feed frame of the simulator's (100 ticks,
 * a 10 ms batch at 10,000 ticks/s) parsed, and each tick's client JSON encoded; and each alone.
 * Reported per tick.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IngestBenchmark {

  private static final int BATCH = 100;

  private byte[] feedFrame;
  private List<Tick> ticks;
  /** One per thread, as the service's ingest keeps one. */
  private final TickEncoder encoder = new TickEncoder();

  @Setup
  public void setUp() {
    Market market = new Market(SimulatorConfig.defaults().withSeed(1L).withRate(10_000), 1_700_000_000_000L);
    List<Tick> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      batch.add(market.next(1_700_000_000_000L + i));
    }
    feedFrame = Wire.feedFrameBytes(FeedFrame.ticks(batch));
    ticks = batch;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public FeedFrame parseAFrame() throws IOException {
    return Wire.readFeedFrame(feedFrame);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int encodeTicks() {
    int bytes = 0;
    for (Tick tick : ticks) {
      bytes += encoder.encode(tick).length;
    }
    return bytes;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int parseAFrameAndEncodeItsTicks() throws IOException {
    int bytes = 0;
    for (Tick tick : Wire.readFeedFrame(feedFrame).ticks()) {
      bytes += encoder.encode(tick).length;
    }
    return bytes;
  }
}
