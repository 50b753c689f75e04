package io.ticker.service.candles;

import static io.ticker.model.protocol.CandleJson.C;
import static io.ticker.model.protocol.CandleJson.H;
import static io.ticker.model.protocol.CandleJson.L;
import static io.ticker.model.protocol.CandleJson.N;
import static io.ticker.model.protocol.CandleJson.O;
import static io.ticker.model.protocol.CandleJson.T;
import static io.ticker.model.protocol.CandleJson.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.model.Decimals;
import io.ticker.model.protocol.CandleJson;
import io.ticker.model.protocol.Timeframe;
import io.ticker.service.bus.TickBatch;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.bus.Trade;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The candle book against a straightforward recomputation from the ticks, for random tick sequences. */
class CandleBookTest {

  /** Random ticks: bursts in one millisecond, gaps of minutes, ticks right on a boundary, late ts, repeats. */
  static List<CandleReference.FeedTick> randomTicks(SplittableRandom random, String symbol, int count) {
    List<CandleReference.FeedTick> ticks = new ArrayList<>();
    long ts = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, 3_600_000L) + random.nextLong(3_600_000L);
    long seq = 1;
    for (int i = 0; i < count; i++) {
      switch (random.nextInt(10)) {
        case 0 -> ts += random.nextLong(1, 600_000); // a gap with no ticks
        case 1 -> ts = ts - Math.floorMod(ts, 1_000) + 1_000; // exactly on a second (and maybe minute) boundary
        case 2 -> ts -= random.nextLong(0, 5_000); // late: out-of-order ts
        case 3 -> { } // a burst: the same millisecond
        default -> ts += random.nextLong(0, 700);
      }
      if (random.nextInt(20) == 0 && seq > 1) {
        ticks.add(ticks.get(ticks.size() - 1)); // a replay of the last tick
        continue;
      }
      String price = Decimals.format(random.nextLong(1, 10_000_000), random.nextInt(3));
      String size = Decimals.format(random.nextLong(1, 100_000_000), random.nextInt(9));
      ticks.add(new CandleReference.FeedTick(symbol, seq, ts, price, size));
      seq += random.nextInt(20) == 0 ? 3 : 1; // upstream gaps in seq are fine
    }
    return ticks;
  }

  private static void assertSame(List<CandleReference.Expected> expected, SymbolCandles candles, Timeframe tf, int depth) {
    CandleCopy copy = new CandleCopy();
    candles.read(tf, Long.MIN_VALUE, depth, copy);
    assertEquals(expected.size(), copy.count(), tf + " candle count");
    for (int i = 0; i < expected.size(); i++) {
      CandleReference.Expected e = expected.get(i);
      String at = tf + " candle " + i;
      assertEquals(e.t, copy.get(i, T), at + " t");
      assertEquals(0, Math.floorMod(copy.get(i, T), tf.millis()), at + " aligned");
      assertEquals(0, e.o.compareTo(units(copy.get(i, O))), at + " o");
      assertEquals(0, e.h.compareTo(units(copy.get(i, H))), at + " h");
      assertEquals(0, e.l.compareTo(units(copy.get(i, L))), at + " l");
      assertEquals(0, e.c.compareTo(units(copy.get(i, C))), at + " c");
      assertEquals(0, e.v.compareTo(units(copy.get(i, V))), at + " v");
      assertEquals(e.n, copy.get(i, N), at + " n");
    }
  }

  private static BigDecimal units(long units) {
    return BigDecimal.valueOf(units, CandleJson.UNIT_SCALE);
  }

  @RepeatedTest(20)
  void everyCandleEqualsARecomputationFromTheTicks(org.junit.jupiter.api.RepetitionInfo run) {
    SplittableRandom random = new SplittableRandom(run.getCurrentRepetition() * 7919L);
    CandleDepths depths = new CandleDepths(1 + random.nextInt(50), 1 + random.nextInt(30), 5, 3);
    CandleBook book = new CandleBook(depths);
    List<CandleReference.FeedTick> a = randomTicks(random, "A", 3_000);
    List<CandleReference.FeedTick> b = randomTicks(random, "B", 500);
    // Interleaved in batches of random size, as the bus delivers them.
    List<CandleReference.FeedTick> all = new ArrayList<>();
    int ia = 0;
    int ib = 0;
    while (ia < a.size() || ib < b.size()) {
      all.add(ib >= b.size() || (ia < a.size() && random.nextInt(7) > 0) ? a.get(ia++) : b.get(ib++));
    }
    for (int i = 0; i < all.size(); ) {
      int n = Math.min(all.size() - i, 1 + random.nextInt(40));
      book.accept(new TickBatch(all.subList(i, i + n).stream().map(CandleReference.FeedTick::event).toList()));
      i += n;
    }
    for (Timeframe tf : Timeframe.values()) {
      assertSame(CandleReference.recompute(a, tf, depths.of(tf)), book.get("A"), tf, depths.of(tf));
      assertSame(CandleReference.recompute(b, tf, depths.of(tf)), book.get("B"), tf, depths.of(tf));
    }
  }

  @Test
  void theRingDropsTheOldestAtDepthAndReadsFromAnOpenTime() {
    CandleBook book = new CandleBook(new CandleDepths(3, 10, 10, 10));
    for (int second = 0; second < 5; second++) {
      book.accept(new TickBatch(List.of(new CandleReference.FeedTick("A", second + 1, 1_000L * second + 10, "1." + second, "2").event())));
    }
    CandleCopy copy = new CandleCopy();
    book.get("A").read(Timeframe.S1, Long.MIN_VALUE, 100, copy);
    assertEquals(3, copy.count());
    assertEquals(List.of(2_000L, 3_000L, 4_000L), List.of(copy.get(0, T), copy.get(1, T), copy.get(2, T)));
    book.get("A").read(Timeframe.S1, 3_000L, 100, copy);
    assertEquals(2, copy.count(), "from an open time on");
    assertEquals(3_000L, copy.get(0, T));
    book.get("A").read(Timeframe.S1, Long.MIN_VALUE, 1, copy);
    assertEquals(1, copy.count(), "the newest only");
    assertEquals(4_000L, copy.get(0, T));
    book.get("A").read(Timeframe.M1, Long.MIN_VALUE, 100, copy);
    assertEquals(1, copy.count());
    assertEquals(5, copy.get(0, N));
  }

  @Test
  void ticksWithoutAnExactTradeAreLeftOutAndUnknownSymbolsHaveNone() {
    CandleBook book = new CandleBook(CandleDepths.DEFAULT);
    assertNull(Trade.parse("1.123456789", "1"), "finer than a unit");
    assertNull(Trade.parse("1e5", "1"), "not a plain decimal");
    assertNull(Trade.parse("99999999999999999", "1"), "too large for the units");
    book.accept(new TickBatch(List.of(new TickEvent("A", 1, 1_000, new byte[0], null))));
    assertNull(book.get("A"));
    assertNull(book.get("NOPE"));
  }

  @Test
  void chunksCarryEveryStateExactlyAndStopAtTheirBudget() {
    SplittableRandom random = new SplittableRandom(42);
    CandleBook leader = new CandleBook(CandleDepths.DEFAULT);
    List<String> names = new ArrayList<>();
    for (int s = 0; s < 30; s++) {
      String name = "S" + s;
      names.add(name);
      List<CandleReference.FeedTick> ticks = randomTicks(random, name, 400);
      leader.accept(new TickBatch(ticks.stream().map(CandleReference.FeedTick::event).toList()));
    }
    CandleBook joiner = new CandleBook(CandleDepths.DEFAULT);
    int chunks = 0;
    for (int from = 0; from < names.size(); chunks++) {
      Buffer chunk = Buffer.buffer();
      int covered = leader.writeChunk(names.subList(from, names.size()), chunk, 20_000);
      assertTrue(covered >= 1);
      assertTrue(chunk.length() < 20_000 + 200_000, "one symbol past the budget at most");
      joiner.readChunk(chunk);
      from += covered;
    }
    assertTrue(chunks > 1, "chunked");
    for (String name : names) {
      for (Timeframe tf : Timeframe.values()) {
        assertEquals(json(leader, name, tf), json(joiner, name, tf), name + " " + tf);
      }
    }
    // A tick the joiner already has (by seq) is not counted twice; a new one is.
    CandleReference.FeedTick again = new CandleReference.FeedTick("S0", 1, 0, "1", "1");
    joiner.accept(new TickBatch(List.of(again.event())));
    assertEquals(json(leader, "S0", Timeframe.H1), json(joiner, "S0", Timeframe.H1));
  }

  private static JsonArray json(CandleBook book, String symbol, Timeframe tf) {
    CandleCopy copy = new CandleCopy();
    book.get(symbol).read(tf, Long.MIN_VALUE, book.depths().of(tf), copy);
    Buffer body = CandleJson.history(null, null, symbol, tf, copy.records(), copy.count(), copy.priceScale(), copy.sizeScale());
    return new JsonObject(body).getJsonArray("candles");
  }
}
