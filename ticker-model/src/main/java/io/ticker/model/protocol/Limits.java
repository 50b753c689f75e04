package io.ticker.model.protocol;

/** Fixed bounds of the protocol; the adjustable limits are the service's flags. */
public final class Limits {
  public static final int PROTOCOL_VERSION = 1;
  public static final int MIN_INTERVAL_MS = 50;
  public static final int MAX_INTERVAL_MS = 10_000;
  public static final int DEFAULT_INTERVAL_MS = 250;

  private Limits() {
  }

  public static boolean validInterval(int ms) {
    return ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS;
  }
}
