package io.ticker.service.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlotScheduleTest {

  private static final long MS = 1_000_000L;
  private static final long INTERVAL = 100 * MS; // 4 slots of 25 ms
  private static final long SLOT = 25 * MS;
  private static final long T0 = 1_000 * MS;

  private static SlotSchedule started() {
    SlotSchedule schedule = new SlotSchedule(4, INTERVAL, T0);
    schedule.start(T0);
    return schedule;
  }

  @Test
  void slotsTakeTheirTurnsInOrderASliceOfTheIntervalApart() {
    SlotSchedule schedule = started();
    for (int round = 0; round < 3; round++) {
      for (int k = 0; k < 4; k++) {
        long turn = T0 + (k + 1) * SLOT + round * INTERVAL;
        assertEquals(k, schedule.next());
        assertEquals(turn, schedule.dueNanos());
        schedule.flushed(turn);
      }
    }
  }

  @Test
  void aLateTurnMovesNoOtherTurnAndTheSlotWaitsForItsIntervalNextRoundMovingTheRestByThatWait() {
    SlotSchedule schedule = started();
    schedule.flushed(T0 + SLOT + 3 * MS); // slot 0, 3 ms late (the loop was busy)
    assertEquals(T0 + 2 * SLOT, schedule.dueNanos(), "slot 1 keeps its turn: lateness does not drift the schedule");
    for (int k = 1; k < 4; k++) {
      schedule.flushed(schedule.dueNanos()); // on time
    }
    assertEquals(0, schedule.next());
    assertEquals(T0 + SLOT + INTERVAL + 3 * MS, schedule.dueNanos(), "slot 0's turn came 3 ms before an interval since its flush");
    schedule.flushed(schedule.dueNanos());
    assertEquals(T0 + 2 * SLOT + INTERVAL + 3 * MS, schedule.dueNanos(), "the slots after it move by the wait: still a slot apart");
  }

  @Test
  void aLoopSoLateThatWholeRoundsWentBySkipsThemRatherThanTakingThemBackToBack() {
    SlotSchedule schedule = started();
    long now = T0 + SLOT + 3 * INTERVAL + 10 * MS; // slot 0's turn came 3 intervals and 10 ms ago
    schedule.flushed(now);
    int flushesUntilSlot0 = 0;
    while (schedule.next() != 0) {
      assertTrue(schedule.dueNanos() <= now, "slot " + schedule.next() + "'s turn of this round has passed: due at once");
      schedule.flushed(now);
      flushesUntilSlot0++;
    }
    assertEquals(3, flushesUntilSlot0, "each of the other slots once, not once per round missed");
    assertEquals(now + INTERVAL, schedule.dueNanos(), "slot 0 one interval after its flush");
  }

  @Test
  void aConnectionDueLaterGoesToTheSlotWhoseTurnFirstComesAtOrAfterItsDueTime() {
    SlotSchedule schedule = started(); // turns: slot 0 at T0 + 25 ms, 1 at 50, 2 at 75, 3 at 100
    assertEquals(-1, schedule.firstSlotDueAfter(T0 + 10 * MS), "due before the next turn: any slot will do");
    assertEquals(-1, schedule.firstSlotDueAfter(T0 + SLOT), "due at the next turn: any slot will do");
    assertEquals(1, schedule.firstSlotDueAfter(T0 + 30 * MS));
    assertEquals(2, schedule.firstSlotDueAfter(T0 + 75 * MS), "a turn at the due time itself");
    assertEquals(0, schedule.firstSlotDueAfter(T0 + 110 * MS), "slot 0's turn in the next round, at 125 ms");
    schedule.flushed(T0 + SLOT); // slot 0 had its turn: the ring now starts at slot 1 (50 ms), slot 0 next at 125
    assertEquals(1, schedule.firstSlotDueAfter(T0 + 126 * MS), "slot 1's next turn, at 150 ms, is the first after 126");
    assertEquals(0, schedule.firstSlotDueAfter(T0 + 101 * MS));
  }
}
