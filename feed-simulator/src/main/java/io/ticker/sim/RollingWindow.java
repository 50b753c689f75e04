package io.ticker.sim;

/**
 * Rolling 24 h open/high/low/volume of one symbol, in price and size units.
 *
 * <p>The day is a ring of equal bars; the window is the current bar plus the bars that started
 * less than 24 h ago. Each tick only touches the current bar; the aggregates of the closed bars
 * are recomputed once per bar roll, so a tick costs O(1) however many bars the ring holds.
 */
final class RollingWindow {

  private final long barMs;
  private final long[] open;
  private final long[] high;
  private final long[] low;
  private final long[] volume;

  private long currentBar;
  private int current;
  private long lastPrice;

  // Aggregates over the closed bars of the window (all but the current one).
  private long closedHigh;
  private long closedLow;
  private long closedVolume;

  /**
   * An empty window whose current bar is the one holding {@code nowMs}. Fill it with
   * {@link #setHistoricBar} for every closed bar, then {@link #beginCurrentBar}.
   */
  RollingWindow(long barMs, int bars, long nowMs) {
    this.barMs = barMs;
    this.open = new long[bars];
    this.high = new long[bars];
    this.low = new long[bars];
    this.volume = new long[bars];
    this.currentBar = Math.floorDiv(nowMs, barMs);
    this.current = bars - 1;
  }

  int bars() {
    return open.length;
  }

  /**
   * Overwrites closed bar {@code age} (0 = oldest, {@code bars() - 2} = the one before the
   * current) with history.
   */
  void setHistoricBar(int age, long barOpen, long barHigh, long barLow, long barVolume) {
    int slot = (current + 1 + age) % open.length;
    open[slot] = barOpen;
    high[slot] = barHigh;
    low[slot] = barLow;
    volume[slot] = barVolume;
  }

  /** Opens the current bar flat at {@code price}, the close of the history. */
  void beginCurrentBar(long price) {
    lastPrice = price;
    setFlat(current, price);
    recomputeClosed();
  }

  /** Records one trade at {@code tsMs}, first rolling the window forward if a new bar began. */
  void trade(long tsMs, long price, long size) {
    long bar = Math.floorDiv(tsMs, barMs);
    if (bar > currentBar) {
      roll(bar);
    }
    lastPrice = price;
    high[current] = Math.max(high[current], price);
    low[current] = Math.min(low[current], price);
    volume[current] += size;
  }

  /** Price 24 h ago: the open of the oldest bar in the window. */
  long open() {
    return open[(current + 1) % open.length];
  }

  long high() {
    return Math.max(closedHigh, high[current]);
  }

  long low() {
    return Math.min(closedLow, low[current]);
  }

  long volume() {
    return closedVolume + volume[current];
  }

  // New bars, including tradeless ones skipped over, open flat at the last traded price.
  private void roll(long toBar) {
    long steps = Math.min(toBar - currentBar, open.length);
    for (long i = 0; i < steps; i++) {
      current = (current + 1) % open.length;
      setFlat(current, lastPrice);
    }
    currentBar = toBar;
    recomputeClosed();
  }

  private void setFlat(int slot, long price) {
    open[slot] = price;
    high[slot] = price;
    low[slot] = price;
    volume[slot] = 0;
  }

  private void recomputeClosed() {
    long h = Long.MIN_VALUE;
    long l = Long.MAX_VALUE;
    long v = 0;
    for (int i = 0; i < open.length; i++) {
      if (i != current) {
        h = Math.max(h, high[i]);
        l = Math.min(l, low[i]);
        v += volume[i];
      }
    }
    closedHigh = h;
    closedLow = l;
    closedVolume = v;
  }
}
