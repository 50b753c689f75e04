package io.ticker.service.fanout;

import io.ticker.model.protocol.Timeframe;
import io.ticker.service.candles.SymbolCandles;

/**
 * One {@code candles} stream of one connection and how far it has been sent: the open time and
 * tick count of the last candle it got as forming (candles before that one it got whole, in the
 * history or closed). Nothing sent yet: open time {@code Long.MIN_VALUE}.
 */
final class CandleStream {

  final String symbol;
  final Timeframe tf;
  /** The shard's frames of this symbol and timeframe, shared with its other streams of them. */
  final CandleFrames.Built frames;
  /** The node's candles of the symbol, looked up once it has any. */
  SymbolCandles candles;
  long sentT = Long.MIN_VALUE;
  long sentN;

  CandleStream(String symbol, Timeframe tf, CandleFrames.Built frames) {
    this.symbol = symbol;
    this.tf = tf;
    this.frames = frames;
  }

  boolean is(String symbol, Timeframe tf) {
    return this.tf == tf && this.symbol.equals(symbol);
  }

  void sent(long t, long n) {
    sentT = t;
    sentN = n;
  }
}
