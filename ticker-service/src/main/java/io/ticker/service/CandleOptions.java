package io.ticker.service;

import io.ticker.service.candles.CandleDepths;
import picocli.CommandLine.Option;

/** The candle flags of {@link TickerMain} (a picocli mixin). */
final class CandleOptions {

  /** More would make one history reply, or one node's share of a cluster sync, unreasonably large. */
  private static final int MAX_DEPTH = 100_000;

  @Option(names = "--candle-depth-1s", defaultValue = "${env:TICKER_CANDLE_DEPTH_1S:-600}", description = "1s candles kept per symbol [TICKER_CANDLE_DEPTH_1S].")
  int depth1s;
  @Option(names = "--candle-depth-1m", defaultValue = "${env:TICKER_CANDLE_DEPTH_1M:-1440}", description = "1m candles kept per symbol [TICKER_CANDLE_DEPTH_1M].")
  int depth1m;
  @Option(names = "--candle-depth-5m", defaultValue = "${env:TICKER_CANDLE_DEPTH_5M:-576}", description = "5m candles kept per symbol [TICKER_CANDLE_DEPTH_5M].")
  int depth5m;
  @Option(names = "--candle-depth-1h", defaultValue = "${env:TICKER_CANDLE_DEPTH_1H:-168}",
      description = "1h candles kept per symbol. Memory: 56 bytes per candle, about 156 KB per symbol at the defaults [TICKER_CANDLE_DEPTH_1H].")
  int depth1h;
  @Option(names = "--max-candle-streams-per-conn", defaultValue = "${env:TICKER_MAX_CANDLE_STREAMS_PER_CONN:-10}",
      description = "candles streams one connection may hold [TICKER_MAX_CANDLE_STREAMS_PER_CONN].")
  int maxStreamsPerConn;

  /** The settings, or the reason they are wrong. */
  ServiceConfig.CandleSettings settings() {
    for (int depth : new int[] {depth1s, depth1m, depth5m, depth1h}) {
      if (depth < 1 || depth > MAX_DEPTH) {
        throw new IllegalArgumentException("--candle-depth-* must be 1.." + MAX_DEPTH);
      }
    }
    if (maxStreamsPerConn < 0) {
      throw new IllegalArgumentException("--max-candle-streams-per-conn must be >= 0");
    }
    return new ServiceConfig.CandleSettings(new CandleDepths(depth1s, depth1m, depth5m, depth1h), maxStreamsPerConn);
  }
}
