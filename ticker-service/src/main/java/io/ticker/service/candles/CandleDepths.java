package io.ticker.service.candles;

import io.ticker.model.protocol.CandleJson;
import io.ticker.model.protocol.Timeframe;

/** How many candles a node keeps per symbol in each timeframe (the {@code --candle-depth-*} flags). */
public record CandleDepths(int s1, int m1, int m5, int h1) {

  public static final CandleDepths DEFAULT = new CandleDepths(Timeframe.S1.defaultDepth(), Timeframe.M1.defaultDepth(),
      Timeframe.M5.defaultDepth(), Timeframe.H1.defaultDepth());

  public int of(Timeframe tf) {
    return switch (tf) {
      case S1 -> s1;
      case M1 -> m1;
      case M5 -> m5;
      case H1 -> h1;
    };
  }

  /** Heap one symbol's candles take once every ring is full. */
  public long bytesPerSymbol() {
    return (long) (s1 + m1 + m5 + h1) * CandleJson.RECORD * Long.BYTES;
  }
}
