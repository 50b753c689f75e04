package io.ticker.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Event-loop delay, which neither Vert.x nor Micrometer measure: every {@value #PERIOD_MS} ms a
 * task is scheduled on each of the node's event loops, and how late it runs is recorded in
 * {@code ticker_event_loop_delay_seconds{loop}}. A late probe means everything else queued on that
 * loop (frames, pings, handshakes, ticks) waited as long. Vert.x's blocked-thread checker only logs
 * a loop blocked for seconds; this shows the milliseconds.
 */
final class EventLoopDelayProbe {

  static final long PERIOD_MS = 100;
  private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);

  private final List<ScheduledFuture<?>> pending = new ArrayList<>();
  private volatile boolean stopped;

  private EventLoopDelayProbe() {
  }

  static EventLoopDelayProbe start(Vertx vertx, MeterRegistry registry) {
    EventLoopDelayProbe probe = new EventLoopDelayProbe();
    int index = 0;
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      Timer delay = Timer.builder("ticker.event.loop.delay")
          .description("How late a task scheduled every " + PERIOD_MS + " ms runs on each event loop")
          .tag("loop", Integer.toString(index))
          .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
              Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5))
          .register(registry);
      synchronized (probe.pending) {
        probe.pending.add(null);
      }
      probe.schedule(loop, delay, index++);
    }
    return probe;
  }

  /** Runs once on {@code loop} a period from now, records how late it ran, and schedules the next run. */
  private void schedule(EventExecutor loop, Timer delay, int slot) {
    if (stopped || loop.isShuttingDown()) {
      return;
    }
    long due = System.nanoTime() + PERIOD_NANOS;
    ScheduledFuture<?> next = loop.schedule(() -> {
      delay.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
      schedule(loop, delay, slot);
    }, PERIOD_NANOS, TimeUnit.NANOSECONDS);
    synchronized (pending) {
      pending.set(slot, next);
    }
  }

  void stop() {
    stopped = true;
    synchronized (pending) {
      pending.forEach(f -> {
        if (f != null) {
          f.cancel(false);
        }
      });
    }
  }
}
