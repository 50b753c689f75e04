package io.ticker.service.fanout;

import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.concurrent.TimeUnit;

/**
 * What an {@link IntervalGroup}'s schedule runs on: the two clocks (System.nanoTime for the
 * schedule, the wall clock in ms as ticks are stamped) and one one-shot timer. In service, a timer
 * of the shard's event loop to the nanosecond (Vert.x's {@code setTimer} rounds up to whole
 * milliseconds, and each millisecond a slot waits is a millisecond of every tick's age); in a test,
 * a clock moved by hand whose timer fires only when the test says so.
 */
interface FlushClock {

  long nanoTime();

  long currentTimeMillis();

  /** Runs {@code task} once, {@code delayNanos} from now (at once if not positive), on the group's event loop. */
  void arm(long delayNanos, Runnable task);

  /** Cancels the timer armed last, if it has not run. */
  void disarm();

  /** The clock of the event loop this is called on. */
  static FlushClock of(Vertx vertx) {
    ContextInternal loop = ((VertxInternal) vertx).getOrCreateContext();
    return new FlushClock() {
      private Timer armed;

      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public long currentTimeMillis() {
        return System.currentTimeMillis();
      }

      @Override
      public void arm(long delayNanos, Runnable task) {
        Timer timer = loop.timer(Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
        timer.onSuccess(v -> task.run()); // a cancelled timer fails: nothing runs
        armed = timer;
      }

      @Override
      public void disarm() {
        if (armed != null) {
          armed.cancel();
          armed = null;
        }
      }
    };
  }
}
