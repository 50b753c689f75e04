package io.ticker.service.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticker.service.auth.Identity;
import io.ticker.service.candles.CandleBook;
import io.ticker.service.candles.CandleDepths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PhaseSlotsTest extends WithVertx {

  private static Shard shard;

  @BeforeAll
  static void makeShard() {
    shard = IntervalGroupTest.shard(vertx, new SimpleMeterRegistry(), new CandleBook(CandleDepths.DEFAULT));
  }

  private static ClientSession session(int i) {
    return shard.open("s" + i, new IntervalGroupTest.FakeLink(), Identity.ANONYMOUS, null);
  }

  @Test
  void connectionsFillTheLeastFilledSlotSoSlicesStayEvenUnderChurn() {
    PhaseSlots slots = new PhaseSlots(25);
    List<ClientSession> in = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ClientSession s = session(i);
      slots.add(s, slots.leastFilled());
      in.add(s);
    }
    for (int k = 0; k < 25; k++) {
      assertEquals(4, slots.size(k), "slot " + k);
    }
    Random random = new Random(7);
    for (int i = 0; i < 40; i++) {
      slots.remove(in.remove(random.nextInt(in.size())));
    }
    for (int i = 0; i < 40; i++) {
      ClientSession s = session(1000 + i);
      slots.add(s, slots.leastFilled());
      in.add(s);
    }
    for (int k = 0; k < 25; k++) {
      assertEquals(4, slots.size(k), "refilled evenly: slot " + k);
    }
    assertEquals(100, slots.total());
    for (ClientSession s : in) {
      assertSame(s, slots.get(s.phase, s.slot), "each knows where it is (swap-remove kept the indexes right)");
    }
  }

  @Test
  void removingTheLastLeavesEverySlotEmpty() {
    PhaseSlots slots = new PhaseSlots(3);
    List<ClientSession> in = new ArrayList<>();
    for (int i = 0; i < 10; i++) { // past the initial capacity of a slot
      ClientSession s = session(i);
      slots.add(s, slots.leastFilled());
      in.add(s);
    }
    in.forEach(slots::remove);
    assertEquals(0, slots.total());
    for (int k = 0; k < 3; k++) {
      assertEquals(0, slots.size(k));
    }
    assertEquals(-1, in.get(0).phase);
  }
}
