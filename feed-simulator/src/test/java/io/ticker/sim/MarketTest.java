package io.ticker.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.model.SymbolInfo;
import io.ticker.model.Tick;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MarketTest {

  // A minute boundary, so ticks within the next 60 s never roll a bar out of the 24 h window.
  private static final long START_MS = 1_700_000_040_000L;

  private static Market market(long seed, int symbols) {
    return new Market(SimulatorConfig.defaults().withSeed(seed).withSymbols(symbols), START_MS);
  }

  @Test
  void sameSeedGivesSameTicks() {
    Market a = market(42, 50);
    Market b = market(42, 50);
    assertEquals(a.snapshot(), b.snapshot());
    for (int i = 0; i < 5_000; i++) {
      long ts = START_MS + i * 7L;
      assertEquals(a.next(ts), b.next(ts));
    }
  }

  @Test
  void differentSeedGivesDifferentTicks() {
    Market a = market(42, 50);
    Market b = market(43, 50);
    assertNotEquals(a.snapshot(), b.snapshot());
    assertNotEquals(a.next(START_MS + 1), b.next(START_MS + 1));
  }

  @Test
  void defaultUniverseHasNamedCryptoAndStocksFirst() {
    List<SymbolInfo> symbols = market(1, 50).symbols();
    assertEquals(50, symbols.size());
    assertEquals(List.of("BTC-USD", "ETH-USD", "AAPL", "MSFT"),
        symbols.subList(0, 4).stream().map(SymbolInfo::symbol).toList());
    assertEquals(new SymbolInfo("BTC-USD", "Bitcoin", "crypto"), symbols.get(0));
    assertEquals(new SymbolInfo("AAPL", "Apple Inc.", "stock"), symbols.get(2));
    assertTrue(symbols.stream().noneMatch(s -> s.symbol().startsWith("SYN")));
    Map<String, Long> kinds = symbols.stream().collect(Collectors.groupingBy(SymbolInfo::kind, Collectors.counting()));
    assertEquals(20, kinds.get("crypto"));
    assertEquals(30, kinds.get("stock"));
  }

  @Test
  void smallUniverseStillHasBothKinds() {
    Set<String> kinds = market(1, 4).symbols().stream().map(SymbolInfo::kind).collect(Collectors.toSet());
    assertEquals(Set.of("crypto", "stock"), kinds);
  }

  @Test
  void tenThousandSymbolsAreUniqueAndQuick() {
    long began = System.nanoTime();
    Market market = market(7, 10_000);
    long tookMs = (System.nanoTime() - began) / 1_000_000;
    List<SymbolInfo> symbols = market.symbols();
    assertEquals(10_000, symbols.size());
    assertEquals(10_000, symbols.stream().map(SymbolInfo::symbol).distinct().count());
    assertEquals("BTC-USD", symbols.get(0).symbol());
    assertEquals(new SymbolInfo("SYN0001", "Synthetic 1", "stock"), symbols.get(50));
    assertEquals(10_000, market.snapshot().size());
    assertTrue(tookMs < 3_000, "building 10,000 symbols took " + tookMs + " ms");
  }

  @Test
  void seqRisesByOnePerSymbolFromTheSnapshot() {
    Market market = market(3, 50);
    Map<String, Long> lastSeq = new HashMap<>();
    for (Tick tick : market.snapshot()) {
      assertEquals(1, tick.seq());
      lastSeq.put(tick.symbol(), tick.seq());
    }
    for (int i = 0; i < 20_000; i++) {
      Tick tick = market.next(START_MS + i);
      assertEquals(lastSeq.get(tick.symbol()) + 1, tick.seq(), tick.symbol());
      lastSeq.put(tick.symbol(), tick.seq());
    }
    assertTrue(lastSeq.values().stream().allMatch(seq -> seq > 1), "every symbol ticked");
  }

  @Test
  void statsAreConsistentWithTheTicks() {
    Market market = market(5, 50);
    Map<String, Tick> previous = new HashMap<>();
    Map<String, BigDecimal> maxSeen = new HashMap<>();
    Map<String, BigDecimal> minSeen = new HashMap<>();
    for (Tick tick : market.snapshot()) {
      previous.put(tick.symbol(), tick);
      maxSeen.put(tick.symbol(), new BigDecimal(tick.price()));
      minSeen.put(tick.symbol(), new BigDecimal(tick.price()));
      assertWellFormed(tick, tick);
    }
    for (int i = 0; i < 20_000; i++) {
      Tick tick = market.next(START_MS + i * 2L); // 40 s: stays inside the current minute bar
      Tick before = previous.put(tick.symbol(), tick);
      assertWellFormed(tick, before);
      BigDecimal price = new BigDecimal(tick.price());
      maxSeen.merge(tick.symbol(), price, BigDecimal::max);
      minSeen.merge(tick.symbol(), price, BigDecimal::min);
      assertTrue(new BigDecimal(tick.high()).compareTo(maxSeen.get(tick.symbol())) >= 0, tick.toString());
      assertTrue(new BigDecimal(tick.low()).compareTo(minSeen.get(tick.symbol())) <= 0, tick.toString());
      assertEquals(new BigDecimal(before.volume()).add(new BigDecimal(tick.size())), new BigDecimal(tick.volume()),
          "volume grows by the size: " + tick);
      assertEquals(before.open(), tick.open(), "the 24 h open only moves when a bar rolls out");
    }
  }

  @Test
  void statsStayConsistentAcrossBarRolls() {
    Market market = market(9, 20);
    Map<String, BigDecimal> maxSeen = new HashMap<>();
    Map<String, BigDecimal> minSeen = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      Tick tick = market.next(START_MS + i * 500L); // ~2.8 h: rolls through many bars
      assertWellFormed(tick, tick);
      BigDecimal price = new BigDecimal(tick.price());
      assertTrue(new BigDecimal(tick.high()).compareTo(maxSeen.merge(tick.symbol(), price, BigDecimal::max)) >= 0);
      assertTrue(new BigDecimal(tick.low()).compareTo(minSeen.merge(tick.symbol(), price, BigDecimal::min)) <= 0);
      assertTrue(new BigDecimal(tick.volume()).compareTo(new BigDecimal(tick.size())) >= 0);
    }
  }

  @Test
  void decimalsFollowTheSymbol() {
    Map<String, Tick> latest = new HashMap<>();
    for (Tick tick : market(11, 50).snapshot()) {
      latest.put(tick.symbol(), tick);
    }
    assertEquals(2, new BigDecimal(latest.get("BTC-USD").price()).scale());
    assertEquals(8, new BigDecimal(latest.get("BTC-USD").size()).scale());
    assertEquals(5, new BigDecimal(latest.get("DOGE-USD").price()).scale());
    assertEquals(2, new BigDecimal(latest.get("AAPL").price()).scale());
    assertEquals(0, new BigDecimal(latest.get("AAPL").size()).scale());
  }

  @Test
  void hundredThousandSymbolsWork() {
    Market market = market(13, 100_000);
    assertEquals(100_000, market.snapshot().size());
    Set<String> ticked = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ticked.add(market.next(START_MS + i).symbol());
    }
    assertTrue(ticked.size() > 5_000);
  }

  /** Checks one tick's figures against each other, with the decimals of {@code reference} (same symbol). */
  private static void assertWellFormed(Tick tick, Tick reference) {
    int priceScale = scale(reference.price());
    int sizeScale = scale(reference.size());
    for (String value : List.of(tick.price(), tick.bid(), tick.ask(), tick.open(), tick.high(), tick.low(), tick.change())) {
      assertTrue(value.matches("-?\\d+(\\.\\d+)?"), value);
      assertEquals(priceScale, scale(value), tick.toString());
    }
    assertEquals(sizeScale, scale(tick.size()), tick.toString());
    assertEquals(sizeScale, scale(tick.volume()), tick.toString());
    assertEquals(2, scale(tick.changePct()), tick.toString());

    BigDecimal price = new BigDecimal(tick.price());
    BigDecimal open = new BigDecimal(tick.open());
    assertTrue(new BigDecimal(tick.bid()).compareTo(price) <= 0, tick.toString());
    assertTrue(new BigDecimal(tick.ask()).compareTo(price) >= 0, tick.toString());
    assertTrue(new BigDecimal(tick.low()).compareTo(price) <= 0, tick.toString());
    assertTrue(new BigDecimal(tick.high()).compareTo(price) >= 0, tick.toString());
    assertTrue(new BigDecimal(tick.size()).signum() > 0, tick.toString());
    assertEquals(price.subtract(open), new BigDecimal(tick.change()), tick.toString());
    double expectedPct = price.subtract(open).doubleValue() / open.doubleValue() * 100;
    assertEquals(expectedPct, Double.parseDouble(tick.changePct()), 0.0051, tick.toString());
  }

  private static int scale(String decimal) {
    int dot = decimal.indexOf('.');
    return dot < 0 ? 0 : decimal.length() - dot - 1;
  }
}
