package io.ticker.jmh;

import io.ticker.service.bus.TickEvent;
import io.ticker.service.protocol.TickFrameBuilder;
import io.netty.buffer.ByteBuf;
import io.ticker.model.WireFrame;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One update frame of N pre-encoded ticks, built into its wire form and released again: what a
 * flush pays per distinct (subscription, since); with a socket's write reference taken and dropped
 * as well, what a frame written to one connection costs before the kernel. Each frame is built into
 * the last one's buffer, as in a flush where every frame went straight to its socket.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameBuildBenchmark {

  @Param({"1", "10", "100"})
  int ticks;

  private TickEvent[] events;
  private final TickFrameBuilder builder = new TickFrameBuilder();

  @Setup
  public void setUp() {
    events = new TickEvent[ticks];
    for (int i = 0; i < ticks; i++) {
      events[i] = Ticks.tick(i, 1000 + i);
    }
  }

  @Benchmark
  public int updateFrame() {
    WireFrame frame = build();
    int length = frame.payloadLength();
    frame.release();
    return length;
  }

  @Benchmark
  public int updateFrameWrittenOnce() {
    WireFrame frame = build();
    ByteBuf write = frame.retainedWire();
    frame.release();
    int length = write.readableBytes();
    write.release();
    return length;
  }

  private WireFrame build() {
    TickFrameBuilder frame = builder.beginUpdate(ticks);
    for (TickEvent event : events) {
      frame.add(event);
    }
    return frame.finish();
  }
}
