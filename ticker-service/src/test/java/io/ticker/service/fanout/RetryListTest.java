package io.ticker.service.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticker.service.auth.Identity;
import io.ticker.service.candles.CandleBook;
import io.ticker.service.candles.CandleDepths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retry list alone: its earliest due time, its flags, and connections added again while it drains. */
class RetryListTest extends WithVertx {

  private final Shard shard = IntervalGroupTest.shard(vertx, new SimpleMeterRegistry(), new CandleBook(CandleDepths.DEFAULT));

  private ClientSession session(String id) {
    return shard.open(id, new IntervalGroupTest.FakeLink(), Identity.ANONYMOUS, null);
  }

  @Test
  void knowsItsEarliestDueTimeAndHandsEveryConnectionOutOnce() {
    RetryList list = new RetryList();
    assertTrue(list.isEmpty());
    List<ClientSession> added = new ArrayList<>();
    long base = Long.MAX_VALUE - 1_000; // due times compare by difference: a wrap of nanoTime is no later
    for (int i = 0; i < 40; i++) { // past the first arrays' 16
      ClientSession s = session("c" + i);
      list.add(s, base + (i == 17 ? -5 : i));
      assertTrue(s.deferred);
      added.add(s);
    }
    assertFalse(list.isEmpty());
    assertEquals(base - 5, list.firstDueNanos());

    List<ClientSession> drained = new ArrayList<>();
    list.drain(s -> {
      assertFalse(s.deferred, "off the list while it is retried");
      drained.add(s);
    });
    assertEquals(added, drained);
    assertTrue(list.isEmpty());
  }

  @Test
  void aConnectionStillEarlyGoesBackOnTheListNotOnTheOneBeingWalked() {
    RetryList list = new RetryList();
    ClientSession early = session("early");
    ClientSession due = session("due");
    list.add(early, 200);
    list.add(due, 100);
    List<ClientSession> retried = new ArrayList<>();
    list.drain(s -> {
      retried.add(s);
      if (s == early) {
        list.add(s, 200);
      }
    });
    assertEquals(List.of(early, due), retried, "each once, though one was added again during the drain");
    assertEquals(200, list.firstDueNanos(), "the earliest of what is left");
    assertTrue(early.deferred);
    assertFalse(due.deferred);
    List<ClientSession> next = new ArrayList<>();
    list.drain(next::add);
    assertEquals(List.of(early), next);
  }
}
