package io.ticker.service.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SlotScheduleTest {

  private static final long MS = 1_000_000L;
  private static final long INTERVAL = 100 * MS; // 4 slots of 25 ms
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
        long turn = T0 + (k + 1) * 25 * MS + round * INTERVAL;
        assertEquals(k, schedule.earliest());
        assertEquals(turn, schedule.dueNanos(k));
        schedule.flushed(k, turn);
      }
    }
  }

  @Test
  void aSlotFlushedLateWaitsAWholeIntervalFromThatFlushAndHoldsUpNoOther() {
    SlotSchedule schedule = started();
    schedule.flushed(0, T0 + 25 * MS + 3 * MS); // 3 ms late
    for (int k = 1; k < 4; k++) {
      assertEquals(k, schedule.earliest());
      schedule.flushed(k, schedule.dueNanos(k)); // on time
    }
    assertEquals(T0 + 25 * MS + INTERVAL + 3 * MS, schedule.dueNanos(0), "not at its turn: 3 ms before an interval since its flush");
    schedule.flushed(0, schedule.dueNanos(0));
    assertEquals(T0 + 50 * MS + INTERVAL, schedule.dueNanos(1), "the next slot keeps its own turn");
    assertEquals(1, schedule.earliest());
  }

  @Test
  void aSlotSoLateThatWholeIntervalsWentBySkipsThoseTurnsAndKeepsItsPlace() {
    SlotSchedule schedule = started();
    long late = T0 + 25 * MS + 3 * INTERVAL + 10 * MS; // its turn came 3 intervals and 10 ms ago
    schedule.flushed(0, late);
    assertEquals(T0 + 25 * MS + 4 * INTERVAL + 10 * MS, schedule.dueNanos(0), "one interval after that flush");
    schedule.flushed(0, schedule.dueNanos(0));
    assertEquals(T0 + 25 * MS + 5 * INTERVAL + 10 * MS, schedule.dueNanos(0), "then every interval, never two turns at once");
  }
}
