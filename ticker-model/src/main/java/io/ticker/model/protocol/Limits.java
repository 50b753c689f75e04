package io.ticker.model.protocol;

/** Fixed bounds of the protocol; the adjustable limits are the service's flags. */
public final class Limits {
  public static final int PROTOCOL_VERSION = 1;
  public static final int MIN_INTERVAL_MS = 50;
  public static final int MAX_INTERVAL_MS = 10_000;
  public static final int DEFAULT_INTERVAL_MS = 250;

  /** Candles of history a {@code candles} op or {@code GET /api/candles} returns by default and at most. */
  public static final int DEFAULT_CANDLE_LIMIT = 300;
  public static final int MAX_CANDLE_LIMIT = 5_000;
  public static final String CANDLE_LIMIT_RULE = "'limit' must be an integer from 1 to " + MAX_CANDLE_LIMIT;

  private Limits() {
  }

  public static boolean validCandleLimit(int limit) {
    return limit >= 1 && limit <= MAX_CANDLE_LIMIT;
  }

  public static boolean validInterval(int ms) {
    return ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS;
  }
}
