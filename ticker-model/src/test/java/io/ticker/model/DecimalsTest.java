package io.ticker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ticker.model.protocol.CandleJson;
import io.ticker.model.protocol.Timeframe;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Fixed-point decimals: parsing and printing are exact inverses, and the candle JSON prints them as the feed does. */
class DecimalsTest {

  @Test
  void parseAndFormatAreExactInversesAtEveryScale() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      int scale = random.nextInt(9);
      long units = random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L);
      String text = Decimals.format(units, scale);
      assertEquals(BigDecimal.valueOf(units, scale).toPlainString(), text);
      assertEquals(scale, Decimals.scaleOf(text));
      assertEquals(units, Decimals.parse(text, scale), text);
      assertEquals(units * 1000, Decimals.parse(text, scale + 3), text + " at a finer scale");
    }
  }

  @Test
  void onlyPlainDecimalsThatFitAreAccepted() {
    for (String bad : new String[] {"", "-", ".5", "5.", "1e5", "1.2.3", "+1", " 1", "0x10", "1,5"}) {
      assertEquals(-1, Decimals.scaleOf(bad), bad);
      assertThrows(NumberFormatException.class, () -> Decimals.parse(bad, 8), bad);
    }
    assertThrows(ArithmeticException.class, () -> Decimals.parse("0.123", 2), "would need rounding");
    assertThrows(ArithmeticException.class, () -> Decimals.parse("99999999999999999999", 0), "does not fit");
    assertEquals(-150, Decimals.parse("-1.5", 2));
  }

  @Test
  void aCandleIsPrintedWithTheFeedsOwnDecimals() {
    long[] record = {60_000, 4_325_012_000_000L, 4_330_000_000_000L, 4_320_000_000_000L, 4_325_000_000_000L, 1_500_000L, 3};
    JsonObject frame = new JsonObject(CandleJson.candleFrame("BTC-USD", Timeframe.M1, record, 0, 2, 8, true));
    assertEquals(new JsonObject("{\"type\":\"candle\",\"symbol\":\"BTC-USD\",\"tf\":\"1m\",\"candle\":{\"t\":60000,"
        + "\"o\":\"43250.12\",\"h\":\"43300.00\",\"l\":\"43200.00\",\"c\":\"43250.00\",\"v\":\"0.01500000\",\"n\":3},\"closed\":true}"), frame);
  }
}
