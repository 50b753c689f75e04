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
      ClientSession session = shard.open("c" + i, link, Identity.ANONYMOUS, null);
      session.subscription = shard.subscriptions().acquire(Subscription.ALL);
      session.delivery.snapshotCoversAll(shard.cache().head());
      group.add(session);
      sentAt.add(at);
    }
    long[] seq = {0};
    long[] lastTickNanos = {clock.nanoTime() - MS};
    Runnable tickEveryMs = () -> {
      if (clock.nanoTime() - lastTickNanos[0] >= MS) {
        lastTickNanos[0] = clock.nanoTime();
        shard.onTicks(new TickBatch(List.of(new TickEvent("S0", ++seq[0], clock.currentTimeMillis(),
            "{\"symbol\":\"S0\"}".getBytes(StandardCharsets.UTF_8), null))));
      }
    };
    long seconds = 120;
    clock.run(seconds * 1_000 * MS, tickEveryMs);

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
}
