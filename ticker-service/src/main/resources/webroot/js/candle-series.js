// The candles of one stream (symbol and timeframe), as the candle chart needs them: the server's CANDLE
// objects, oldest first, kept as sent (the legend shows their decimal strings), and numeric columns for
// uPlot, parsed only to draw. A `candles` reply replaces them; each `candle` frame updates the forming
// candle or starts the next one.

export class CandleSeries {
  /** @param {number} max candles kept: the oldest go as new ones start */
  constructor(max) {
    this.max = max;
    this.candles = [];
  }

  /** The history (a `candles` reply, also the one after a reconnect) replaces what was there. */
  reset(candles) {
    this.candles = candles.slice(-this.max);
  }

  /** A `candle` frame's candle: the newest one again (forming, or now closed), or the next one. */
  apply(candle) {
    const last = this.candles.at(-1);
    if (last && candle.t < last.t) return; // already superseded by the history
    if (last && candle.t === last.t) {
      this.candles[this.candles.length - 1] = candle;
    } else {
      this.candles.push(candle);
      if (this.candles.length > this.max) this.candles.shift();
    }
  }

  /** uPlot's columns: open time in seconds (uPlot's time unit), then o, h, l, c, v as numbers. */
  columns() {
    const k = this.candles;
    const num = field => k.map(c => Number(c[field]));
    return [k.map(c => c.t / 1000), num('o'), num('h'), num('l'), num('c'), num('v')];
  }
}
