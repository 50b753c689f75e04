package io.ticker.service.candles;

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
}
