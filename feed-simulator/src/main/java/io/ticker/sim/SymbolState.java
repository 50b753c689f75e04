package io.ticker.sim;

import io.ticker.model.Decimals;
import io.ticker.model.Tick;
import java.util.SplittableRandom;

/**
 * The live state of one symbol: its mid price follows a geometric Brownian motion, each trade
 * prints between a bid and an ask a few price units apart, and a {@link RollingWindow} keeps
 * the 24 h figures. All wire values are computed in integer units, so they are exact.
 */
final class SymbolState {

  private static final double YEAR_MS = 365.25 * 86_400_000;
  private static final double SIZE_SIGMA = 0.8;      // log-normal spread of trade sizes
  private static final double HISTORY_JITTER = 0.05; // how far a run's 24 h open strays from the nominal price
  private static final int MAX_HALF_SPREAD_UNITS = 3;

  private final SymbolSpec spec;
  private final double priceScale;
  private final double sigmaPerTick;
  private final double driftPerTick;
  private final RollingWindow window;

  private double mid;
  private long seq;
  private long lastTs;
  private Tick latest;

  /**
   * A symbol with a synthetic 24 h history ending at {@code startMs} and one initial trade there
   * (seq 1), so it has a latest tick from the start.
   *
   * @param ticksPerSecond this symbol's expected share of the feed rate; one tick advances the
   *                       price by that much time, so the price diffuses at the annual
   *                       volatility whatever the timestamps are
   */
  SymbolState(SymbolSpec spec, double ticksPerSecond, long barMs, int bars, long startMs, SplittableRandom random) {
    this.spec = spec;
    this.priceScale = Decimals.pow10(spec.priceDecimals());
    double dtYears = 1000 / ticksPerSecond / YEAR_MS;
    this.sigmaPerTick = spec.volatility() * Math.sqrt(dtYears);
    this.driftPerTick = -0.5 * sigmaPerTick * sigmaPerTick; // keeps the expected price flat
    this.window = new RollingWindow(barMs, bars, startMs);
    this.mid = seedHistory(ticksPerSecond * barMs / 1000.0, barMs, random);
    this.lastTs = startMs;
    this.latest = trade(startMs, random);
  }

  Tick latest() {
    return latest;
  }

  /** Advances the price by one tick and records a trade at {@code nowMs} (never before the previous one). */
  Tick trade(long nowMs, SplittableRandom random) {
    mid *= Math.exp(driftPerTick + sigmaPerTick * random.nextGaussian());
    long halfSpread = 1 + random.nextInt(MAX_HALF_SPREAD_UNITS);
    // A price must stay a positive number of units even for a coin that crashes towards zero.
    long midUnits = Math.max(Math.round(mid * priceScale), halfSpread + 1);
    long bid = midUnits - halfSpread;
    long ask = midUnits + halfSpread;
    long price = bid + random.nextLong(2 * halfSpread + 1);
    long size = tradeSize(random);
    long ts = Math.max(nowMs, lastTs);

    window.trade(ts, price, size);
    lastTs = ts;
    latest = tick(++seq, ts, price, bid, ask, size);
    return latest;
  }

  private Tick tick(long tickSeq, long ts, long price, long bid, long ask, long size) {
    int pd = spec.priceDecimals();
    int sd = spec.sizeDecimals();
    long open = window.open();
    long change = price - open;
    long changePctHundredths = Math.round(change * 10_000.0 / open);
    return new Tick(spec.info().symbol(), tickSeq, ts,
        Decimals.format(price, pd),
        Decimals.format(bid, pd),
        Decimals.format(ask, pd),
        Decimals.format(size, sd),
        Decimals.format(open, pd),
        Decimals.format(window.high(), pd),
        Decimals.format(window.low(), pd),
        Decimals.format(window.volume(), sd),
        Decimals.format(change, pd),
        Decimals.format(changePctHundredths, 2));
  }

  private long tradeSize(SplittableRandom random) {
    double size = spec.typicalSize() * Math.exp(SIZE_SIGMA * random.nextGaussian());
    return Math.max(1, Decimals.toUnits(size, spec.sizeDecimals()));
  }

  /** Fills the closed bars of the window with a GBM path; returns the price the history ends at. */
  private double seedHistory(double tradesPerBar, long barMs, SplittableRandom random) {
    double sigmaBar = spec.volatility() * Math.sqrt(barMs / YEAR_MS);
    double meanTradeSize = spec.typicalSize() * Math.exp(SIZE_SIGMA * SIZE_SIGMA / 2);
    double price = spec.startPrice() * Math.exp(HISTORY_JITTER * random.nextGaussian());
    int pd = spec.priceDecimals();
    for (int age = 0; age < window.bars() - 1; age++) {
      double close = price * Math.exp(-0.5 * sigmaBar * sigmaBar + sigmaBar * random.nextGaussian());
      // Intra-bar excursions beyond open and close, about half a bar's move.
      double high = Math.max(price, close) * Math.exp(0.5 * sigmaBar * Math.abs(random.nextGaussian()));
      double low = Math.min(price, close) * Math.exp(-0.5 * sigmaBar * Math.abs(random.nextGaussian()));
      double volume = tradesPerBar * meanTradeSize * Math.exp(0.3 * random.nextGaussian() - 0.045);
      window.setHistoricBar(age, positiveUnits(price, pd), positiveUnits(high, pd), positiveUnits(low, pd),
          Decimals.toUnits(volume, spec.sizeDecimals()));
      price = close;
    }
    window.beginCurrentBar(positiveUnits(price, pd));
    return price;
  }

  private static long positiveUnits(double value, int decimals) {
    return Math.max(1, Decimals.toUnits(value, decimals));
  }
}
