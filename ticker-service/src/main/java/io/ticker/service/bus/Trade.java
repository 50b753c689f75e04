package io.ticker.service.bus;

import io.ticker.model.Decimals;
import io.ticker.model.protocol.CandleJson;

/**
 * A tick's price and size as exact fixed-point numbers, for candles: units of
 * 10^-{@link CandleJson#UNIT_SCALE}, and how many decimals the feed wrote them with (so a candle
 * prints them the same way). Parsed once, at ingest, from the feed's decimal strings.
 */
public record Trade(long price, long size, int priceScale, int sizeScale) {

  /** The trade of a tick, or null when its price or size is missing, not a plain decimal, or finer than a unit. */
  public static Trade parse(String price, String size) {
    if (price == null || size == null) {
      return null;
    }
    int priceScale = Decimals.scaleOf(price);
    int sizeScale = Decimals.scaleOf(size);
    if (priceScale < 0 || sizeScale < 0 || priceScale > CandleJson.UNIT_SCALE || sizeScale > CandleJson.UNIT_SCALE) {
      return null;
    }
    try {
      return new Trade(Decimals.parse(price, CandleJson.UNIT_SCALE), Decimals.parse(size, CandleJson.UNIT_SCALE),
          priceScale, sizeScale);
    } catch (ArithmeticException tooLarge) {
      return null;
    }
  }
}
