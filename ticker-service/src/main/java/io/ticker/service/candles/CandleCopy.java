package io.ticker.service.candles;

import static io.ticker.model.protocol.CandleJson.RECORD;

/**
 * A reader's copy of some candles (records laid out as in {@link io.ticker.model.protocol.CandleJson})
 * with the decimals to print them with. Reusable: a flush keeps one and copies into it again and again.
 */
public final class CandleCopy {

  long[] records = new long[RECORD];
  private int count;
  private int priceScale;
  private int sizeScale;

  void ensure(int candles) {
    if (records.length < candles * RECORD) {
      records = new long[Math.max(candles, records.length / RECORD * 2) * RECORD];
    }
  }

  void set(int count, int priceScale, int sizeScale) {
    this.count = count;
    this.priceScale = priceScale;
    this.sizeScale = sizeScale;
  }

  public long[] records() {
    return records;
  }

  public int count() {
    return count;
  }

  public int priceScale() {
    return priceScale;
  }

  public int sizeScale() {
    return sizeScale;
  }

  /** Field {@code field} (CandleJson.T … N) of candle {@code i}. */
  public long get(int i, int field) {
    return records[i * RECORD + field];
  }
}
