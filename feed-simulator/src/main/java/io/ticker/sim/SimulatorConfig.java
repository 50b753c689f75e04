package io.ticker.sim;

/**
 * Everything the feed simulator can be told.
 *
 * @param host          interface the WebSocket server binds to
 * @param port          TCP port; 0 picks a free one (see {@link FeedServerVerticle#actualPort()})
 * @param rate          total ticks per second across all symbols, outside bursts
 * @param symbols       universe size: the named symbols first, then synthetic ones
 * @param seed          seed of the random process; {@code null} picks one at random
 * @param batchMs       how often one batch frame is sent
 * @param burstEverySec a burst starts every this many seconds; 0 turns bursts off
 * @param burstFactor   the rate is multiplied by this during a burst
 * @param burstMs       how long a burst lasts
 */
public record SimulatorConfig(
    String host,
    int port,
    int rate,
    int symbols,
    Long seed,
    int batchMs,
    int burstEverySec,
    int burstFactor,
    int burstMs) {

  // Constants (not literals in two places) so the CLI defaults cannot drift from these.
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 9090;
  public static final int DEFAULT_RATE = 2000;
  public static final int DEFAULT_SYMBOLS = 50;
  public static final int DEFAULT_BATCH_MS = 10;
  public static final int DEFAULT_BURST_EVERY_SEC = 30;
  public static final int DEFAULT_BURST_FACTOR = 5;
  public static final int DEFAULT_BURST_MS = 500;

  public static final int MAX_RATE = 1_000_000;
  public static final int MAX_SYMBOLS = 100_000;

  public static SimulatorConfig defaults() {
    return new SimulatorConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_RATE, DEFAULT_SYMBOLS, null,
        DEFAULT_BATCH_MS, DEFAULT_BURST_EVERY_SEC, DEFAULT_BURST_FACTOR, DEFAULT_BURST_MS);
  }

  /** Returns this config; throws {@link IllegalArgumentException} with a one-line reason if a value is out of range. */
  public SimulatorConfig validate() {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    requireRange("port", port, 0, 65_535);
    requireRange("rate", rate, 1, MAX_RATE);
    requireRange("symbols", symbols, 1, MAX_SYMBOLS);
    requireRange("batch-ms", batchMs, 1, 10_000);
    requireRange("burst-every", burstEverySec, 0, 86_400);
    requireRange("burst-factor", burstFactor, 1, 100);
    requireRange("burst-ms", burstMs, 0, 3_600_000);
    if (burstEverySec > 0 && burstMs > burstEverySec * 1000L) {
      throw new IllegalArgumentException(
          "burst-ms (" + burstMs + ") must not exceed burst-every (" + burstEverySec + " s)");
    }
    return this;
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  public SimulatorConfig withHost(String newHost) {
    return new SimulatorConfig(newHost, port, rate, symbols, seed, batchMs, burstEverySec, burstFactor, burstMs);
  }

  public SimulatorConfig withPort(int newPort) {
    return new SimulatorConfig(host, newPort, rate, symbols, seed, batchMs, burstEverySec, burstFactor, burstMs);
  }

  public SimulatorConfig withRate(int newRate) {
    return new SimulatorConfig(host, port, newRate, symbols, seed, batchMs, burstEverySec, burstFactor, burstMs);
  }

  public SimulatorConfig withSymbols(int newSymbols) {
    return new SimulatorConfig(host, port, rate, newSymbols, seed, batchMs, burstEverySec, burstFactor, burstMs);
  }

  public SimulatorConfig withSeed(Long newSeed) {
    return new SimulatorConfig(host, port, rate, symbols, newSeed, batchMs, burstEverySec, burstFactor, burstMs);
  }

  public SimulatorConfig withBatchMs(int newBatchMs) {
    return new SimulatorConfig(host, port, rate, symbols, seed, newBatchMs, burstEverySec, burstFactor, burstMs);
  }

  /** Bursts of {@code factor} × rate lasting {@code ms}, every {@code everySec} seconds (0 = off). */
  public SimulatorConfig withBursts(int everySec, int factor, int ms) {
    return new SimulatorConfig(host, port, rate, symbols, seed, batchMs, everySec, factor, ms);
  }
}
