package io.ticker.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.model.FeedFrame;
import io.ticker.model.Tick;
import io.ticker.model.Wire;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The feed's hot path on one thread: generate ticks and encode them into batch frames. */
class ThroughputTest {

  private static final int BATCH = 500; // 50,000 ticks/s at the default 10 ms batches

  @Test
  void generatesAndEncodesAtLeast50kTicksPerSecond() {
    Market market = new Market(SimulatorConfig.defaults().withSeed(1L).withRate(50_000), 1_700_000_000_000L);
    runFor(market, 300_000_000L); // warm-up: let the JIT compile the hot path
    long ticks = runFor(market, 1_000_000_000L);
    System.out.printf("feed hot path: %,d ticks/s generated and encoded on one thread%n", ticks);
    assertTrue(ticks >= 50_000, "only " + ticks + " ticks/s");
  }

  /** Ticks produced in {@code nanos}. */
  private static long runFor(Market market, long nanos) {
    long began = System.nanoTime();
    long ticks = 0;
    long bytes = 0;
    while (System.nanoTime() - began < nanos) {
      long nowMs = System.currentTimeMillis();
      List<Tick> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        batch.add(market.next(nowMs));
      }
      bytes += Wire.feedFrameBytes(FeedFrame.ticks(batch)).length;
      ticks += BATCH;
    }
    assertTrue(bytes > ticks * 100, "frames hold the ticks");
    return ticks * 1_000_000_000L / (System.nanoTime() - began);
  }
}
