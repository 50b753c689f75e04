package io.ticker.service.fanout;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticker.service.auth.Identity;
import io.ticker.service.bus.TickBatch;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.candles.CandleBook;
import io.ticker.service.candles.CandleDepths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An interval group's schedule over minutes of simulated time whose timers fire late, as on a busy
 * event loop ({@link LateClock}), and whose writes take time (a quarter of the interval in all):
 * every connection is owed a frame at every turn (a tick every millisecond), so the frames it gets
 * are the frames due. What a subscriber should see, on the times its frames were written: one frame
 * per interval, never two within one, and no more frames lost than the slot timers' lateness costs.
 */
class IntervalGroupScheduleTest extends WithVertx {

  private static final long MS = 1_000_000L;

  @ParameterizedTest(name = "interval {0} ms, timers up to {1} ms late")
  @CsvSource({"250, 0", "250, 1", "250, 6", "100, 6", "1000, 10"})
  void everyDueFrameIsWrittenOneIntervalApartThoughTimersFireLate(int intervalMs, int maxLateMs) {
    LateClock clock = new LateClock(42, maxLateMs * MS);
    Shard shard = IntervalGroupTest.shard(vertx, new SimpleMeterRegistry(), new CandleBook(CandleDepths.DEFAULT));
    shard.directory().idOf("S0");
    IntervalGroup group = new IntervalGroup(intervalMs, shard, clock);
    long writeNanos = intervalMs * MS / 4 / 200;
    List<List<Long>> sentAt = new ArrayList<>(); // per connection: when (the group's clock) each frame was written
    for (int i = 0; i < 200; i++) {
      IntervalGroupTest.FakeLink link = new IntervalGroupTest.FakeLink();
      List<Long> at = new ArrayList<>();
      link.onWrite = () -> {
        at.add(clock.nanoTime());
        link.frames.clear();
        clock.advance(writeNanos); // the group's writes fill a quarter of the interval
      };
      group.add(subscriberOfAll(shard, "c" + i, link));
      sentAt.add(at);
    }
    long seconds = 120;
    clock.run(seconds * 1_000 * MS, tickEveryMs(clock, shard));

    long due = seconds * 1_000 / intervalMs;
    // A frame may come later than one interval after the last by the lateness of the timer that sent
    // it, and by the waits that moved the slots' turns meanwhile (a slot whose turn comes before an
    // interval has passed since its last flush waits, and the turns after it move with it): each
    // wait is at most one late timer, and together with the frame's own, never more than two here.
    long lateTimer = maxLateMs * MS;
    long total = 0;
    long longest = 0;
    for (List<Long> at : sentAt) {
      for (int j = 1; j < at.size(); j++) {
        long gap = at.get(j) - at.get(j - 1);
        assertTrue(gap >= intervalMs * MS, "never two frames within the interval: " + gap / 1e6 + " ms");
        longest = Math.max(longest, gap);
      }
      total += at.size();
    }
    double delivered = (double) total / (due * sentAt.size());
    System.out.printf("interval %d ms, timers up to %d ms late: %.2f%% of due frames delivered, longest gap %.2f ms%n",
        intervalMs, maxLateMs, 100 * delivered, longest / 1e6);
    assertTrue(longest <= intervalMs * MS + 2 * lateTimer, "a frame came " + longest / 1e6 + " ms after the one before: later"
        + " than the interval and two late timers, so slots held each other up");
    assertTrue(delivered >= 1 - (double) (maxLateMs + 1) / intervalMs, String.format("%.2f%% of the due frames delivered", 100 * delivered));
  }

  /**
   * Connections moving between a 100 ms and a 250 ms group, ten each way every second (a subscribe
   * with another interval): the first frame in the new group comes one new interval after the last
   * one in the old, never sooner, and within about a slot after; and the groups wake for their
   * slots' turns only, a connection that moved in waiting for its slot's turn rather than waking
   * its group on its own. Both groups run on one clock; neither is ever emptied, so neither disarms.
   */
  @ParameterizedTest(name = "timers up to {0} ms late")
  @CsvSource({"0", "6"})
  void aConnectionThatMovesToAnotherIntervalIsSentOneNewIntervalAfterItsLastFrame(int maxLateMs) {
    LateClock clock = new LateClock(7, maxLateMs * MS);
    Shard shard = IntervalGroupTest.shard(vertx, new SimpleMeterRegistry(), new CandleBook(CandleDepths.DEFAULT));
    shard.directory().idOf("S0");
    List<IntervalGroup> groups = List.of(new IntervalGroup(100, shard, clock), new IntervalGroup(250, shard, clock));
    long writeNanos = 50_000;
    List<ClientSession> sessions = new ArrayList<>();
    // per connection, each frame: {when written, the interval it was written at, when it last moved
    // before that, the time its previous frame was stamped with (the start of that frame's flush)}
    List<List<long[]>> sentAt = new ArrayList<>();
    long[] movedAt = new long[200];
    for (int i = 0; i < 200; i++) {
      IntervalGroupTest.FakeLink link = new IntervalGroupTest.FakeLink();
      ClientSession session = subscriberOfAll(shard, "c" + i, link);
      List<long[]> at = new ArrayList<>();
      int index = i;
      link.onWrite = () -> {
        at.add(new long[] {clock.nanoTime(), session.group.intervalMs(), movedAt[index], session.delivery.lastFrameNanos()});
        link.frames.clear();
        clock.advance(writeNanos);
      };
      groups.get(i % 2).add(session);
      sessions.add(session);
      sentAt.add(at);
    }
    Random random = new Random(11);
    Runnable tickEveryMs = tickEveryMs(clock, shard);
    long[] lastMoveNanos = {clock.nanoTime()};
    Runnable ticksAndMoves = () -> {
      tickEveryMs.run();
      if (clock.nanoTime() - lastMoveNanos[0] >= 1_000 * MS) {
        lastMoveNanos[0] = clock.nanoTime();
        for (IntervalGroup from : groups) {
          IntervalGroup to = groups.get(0) == from ? groups.get(1) : groups.get(0);
          List<ClientSession> in = sessions.stream().filter(c -> c.group == from).toList();
          for (int m = 0; m < 10; m++) {
            ClientSession mover = in.get(random.nextInt(in.size()));
            if (mover.group == from) {
              from.remove(mover);
              to.add(mover);
              movedAt[sessions.indexOf(mover)] = clock.nanoTime();
            }
          }
        }
      }
    };
    long seconds = 60;
    long firedBefore = clock.fired();
    clock.run(seconds * 1_000 * MS, ticksAndMoves);

    long turns = seconds * (1_000 / 100 * 10 + 1_000 / 250 * 64); // the slots' turns of both groups, drift aside
    assertTrue(clock.fired() - firedBefore <= turns + 2, (clock.fired() - firedBefore) + " wakes for " + turns + " slot turns");
    long lateTimer = maxLateMs * MS;
    int intervalChanges = 0;
    for (List<long[]> at : sentAt) {
      for (int j = 1; j < at.size(); j++) {
        long last = at.get(j - 1)[0];
        long gap = at.get(j)[0] - last;
        long intervalNanos = at.get(j)[1] * MS;
        long slotNanos = intervalNanos / Math.min(IntervalGroup.MAX_SLOTS, at.get(j)[1] / IntervalGroup.SLOT_MS);
        if (j >= 2) { // stamped by the group: at least an interval apart
          long stamped = at.get(j)[3] - at.get(j - 1)[3];
          assertTrue(stamped >= at.get(j - 1)[1] * MS, "stamped " + stamped / 1e6 + " ms apart at " + at.get(j - 1)[1] + " ms");
        }
        // On the writes, a connection that moved in is placed a slot later than its interval, to make
        // up for how far into its old slot's flush it was written: at least an interval. The others
        // can be short by a few writes: a connection that leaves a slot (or gets nothing new) moves the
        // writes after it sooner by its own write, microseconds in the service.
        long shortBy = at.get(j)[2] > last ? 0 : 20 * writeNanos;
        assertTrue(gap >= intervalNanos - shortBy, "never two frames within the interval: " + gap / 1e6 + " ms at " + at.get(j)[1]
            + " ms" + (at.get(j)[2] > last ? ", just moved from " + at.get(j - 1)[1] + " ms" : ""));
        // the first frame after a move is due one new interval after the last, or at once if that has passed by the move
        long moved = at.get(j)[2];
        long dueNanos = moved > last ? Math.max(last + intervalNanos, moved) : last + intervalNanos;
        long allowed = moved > last && moved >= last + intervalNanos ? intervalNanos : 2 * slotNanos; // already due: a newcomer's slot
        assertTrue(at.get(j)[0] - dueNanos <= allowed + 2 * lateTimer, "a frame " + (at.get(j)[0] - dueNanos) / 1e6 + " ms after it was due, at "
            + at.get(j)[1] + " ms" + (moved > last ? ", just moved" : ""));
        if (at.get(j)[1] != at.get(j - 1)[1]) {
          intervalChanges++;
        }
      }
    }
    assertTrue(intervalChanges >= seconds * 20 * 3 / 4, intervalChanges + " frames right after a move: the moves happened");
  }

  /** A connection of {@code shard} subscribed to every symbol, sent everything up to now. */
  private static ClientSession subscriberOfAll(Shard shard, String id, IntervalGroupTest.FakeLink link) {
    ClientSession session = shard.open(id, link, Identity.ANONYMOUS, null);
    session.subscription = shard.subscriptions().acquire(Subscription.ALL);
    session.delivery.snapshotCoversAll(shard.cache().head());
    return session;
  }

  /**
   * Run before each timer: a new tick of S0 whenever a millisecond has passed, so every connection
   * is owed a frame at every turn.
   */
  private static Runnable tickEveryMs(LateClock clock, Shard shard) {
    long[] seq = {0};
    long[] lastTickNanos = {clock.nanoTime() - MS};
    return () -> {
      if (clock.nanoTime() - lastTickNanos[0] >= MS) {
        lastTickNanos[0] = clock.nanoTime();
        shard.onTicks(new TickBatch(List.of(new TickEvent("S0", ++seq[0], clock.currentTimeMillis(),
            "{\"symbol\":\"S0\"}".getBytes(StandardCharsets.UTF_8), null))));
      }
    };
  }
}
