package io.ticker.jmh;

import io.ticker.model.protocol.Timeframe;
import io.ticker.service.bus.TickBatch;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.bus.Trade;
import io.ticker.service.candles.CandleBook;
import io.ticker.service.candles.CandleCopy;
import io.ticker.service.candles.CandleDepths;
import java.util.List;
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
 * What candles cost per ingested tick: parsing the feed's decimal strings once at ingest
 * ({@code parseTrade}), and applying the tick to all four timeframes of its symbol in the node's
 * book ({@code applyTick}, the relay's work; it includes making the tick event and its batch, as
 * ingest does). Ticks go round-robin over {@code symbols} symbols, 1 ms apart, so candles keep
 * opening and the rings keep wrapping as in a long run. {@code readForming} is what a flush pays
 * per stream: copying the newest candle out under the optimistic read.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CandleBenchmark {

  @Param({"1000", "10000"})
  int symbols;

  private CandleBook book;
  private String[] names;
  private final byte[] json = Ticks.tick(0, 1).json();
  private final Trade trade = Trade.parse("43250.12", "0.01500000");
  private final CandleCopy copy = new CandleCopy();
  private long seq;
  private long ts = 1_700_000_000_000L;
  private int next;

  @Setup
  public void setUp() {
    book = new CandleBook(CandleDepths.DEFAULT);
    names = new String[symbols];
    for (int i = 0; i < symbols; i++) {
      names[i] = "SYM" + i;
    }
    for (int i = 0; i < symbols * 20; i++) {
      applyTick();
    }
  }

  @Benchmark
  public Trade parseTrade() {
    return Trade.parse("43250.12", "0.01500000");
  }

  @Benchmark
  public int applyTick() {
    int i = next;
    next = i + 1 == symbols ? 0 : i + 1;
    if (i == 0) {
      seq++;
    }
    book.accept(new TickBatch(List.of(new TickEvent(names[i], seq, ts++, json, trade))));
    return i;
  }

  @Benchmark
  public int readForming() {
    book.get(names[next]).read(Timeframe.M1, Long.MIN_VALUE, 1, copy);
    return copy.count();
  }
}
