package io.ticker.service.fanout;

import io.vertx.core.Vertx;

/**
 * What an {@link IntervalGroup}'s schedule runs on: the two clocks (System.nanoTime for the
 * schedule, the wall clock in ms as ticks are stamped) and a one-shot timer. In service, Vert.x's
 * timers on the shard's event loop; in a test, a clock moved by hand whose timers fire only when
 * the test says so.
 */
interface FlushClock {

  long nanoTime();

  long currentTimeMillis();

  /** Runs {@code task} once, {@code delayMs} from now, on the group's event loop. */
  long setTimer(long delayMs, Runnable task);

  void cancelTimer(long id);

  static FlushClock of(Vertx vertx) {
    return new FlushClock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public long currentTimeMillis() {
        return System.currentTimeMillis();
      }

      @Override
      public long setTimer(long delayMs, Runnable task) {
        return vertx.setTimer(delayMs, id -> task.run());
      }

      @Override
      public void cancelTimer(long id) {
        vertx.cancelTimer(id);
      }
    };
  }
}
