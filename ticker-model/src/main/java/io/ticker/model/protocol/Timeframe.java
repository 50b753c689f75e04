package io.ticker.model.protocol;

/** The candle timeframes ({@code "tf"} field), by their wire names; each candle opens at a multiple of its length (UTC epoch). */
public enum Timeframe {
  S1("1s", 1_000L, 600),
  M1("1m", 60_000L, 1440),
  M5("5m", 300_000L, 576),
  H1("1h", 3_600_000L, 168);

  private final String wire;
  private final long millis;
  private final int defaultDepth;

  Timeframe(String wire, long millis, int defaultDepth) {
    this.wire = wire;
    this.millis = millis;
    this.defaultDepth = defaultDepth;
  }

  public String wire() {
    return wire;
  }

  public long millis() {
    return millis;
  }

  /** How many candles a node keeps by default (10 minutes of 1s, a day of 1m, two days of 5m, a week of 1h). */
  public int defaultDepth() {
    return defaultDepth;
  }

  /** The open time of the candle that holds {@code ts} (ms since the epoch, never negative here). */
  public long openOf(long ts) {
    return ts - Math.floorMod(ts, millis);
  }

  /** The timeframe named {@code wire}, or null. */
  public static Timeframe fromWire(String wire) {
    return wire == null ? null : ByWire.INDEX.get(wire);
  }

  /** The wire names, for messages: "1s, 1m, 5m, 1h". */
  public static String wireNames() {
    return String.join(", ", java.util.Arrays.stream(values()).map(Timeframe::wire).toList());
  }

  /** Built on first lookup, after every constant exists. */
  private static final class ByWire {
    static final java.util.Map<String, Timeframe> INDEX = WireNames.index(values(), Timeframe::wire);
  }
}
