package io.ticker.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TickPacerTest {

  private static final long MS = 1_000_000L;

  @Test
  void carriesFractionsSoTheRateIsExact() {
    TickPacer pacer = new TickPacer(SimulatorConfig.defaults().withRate(150).withBursts(0, 1, 0), 0);
    int total = 0;
    for (long t = 10; t <= 10_000; t += 10) {
      total += pacer.ticksDue(t * MS);
    }
    assertEquals(1_500, total, 1);
  }

  @Test
  void burstsMultiplyTheRate() {
    TickPacer pacer = new TickPacer(SimulatorConfig.defaults().withRate(1_000).withBursts(2, 5, 500), 0);
    int total = 0;
    for (long t = 10; t <= 3_000; t += 10) {
      total += pacer.ticksDue(t * MS);
    }
    // 3 s at 1000/s, of which 0.5 s (2.0 .. 2.5 s) at 5000/s.
    assertEquals(5_000, total, 20);
    assertFalse(pacer.inBurst(1_999 * MS));
    assertTrue(pacer.inBurst(2_100 * MS));
    assertFalse(pacer.inBurst(2_600 * MS));
  }

  @Test
  void doesNotCatchUpOnALongStall() {
    TickPacer pacer = new TickPacer(SimulatorConfig.defaults().withRate(1_000).withBursts(0, 1, 0), 0);
    assertEquals(40, pacer.ticksDue(60_000 * MS)); // 4 batches of 10 ms, not a minute's worth
  }
}
