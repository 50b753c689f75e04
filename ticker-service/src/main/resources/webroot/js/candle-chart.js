// The candlestick chart of one candles stream: uPlot (global from the WebJar's IIFE build) with the
// candlesticks plugin, volume bars under the candles, a crosshair, and a legend with the open, high,
// low, close, volume and tick count of the candle under the pointer (the newest one otherwise), as the
// server's decimal strings. Like the price line, it hands uPlot new data at most once per animation frame.

import {CandleSeries} from './candle-series.js';
import {candlesticks} from './candlesticks.js';
import {axes} from './plot-axes.js';

const HEIGHT = 300;
const MAX_CANDLES = 300;  // asked for as history, and kept as new ones start
const MIN_SLOTS = 40;     // a short history is drawn as candles at the right, not as a few wide blocks
const SECONDS = {'1s': 1, '1m': 60, '5m': 300, '1h': 3600};
const FIELDS = ['o', 'h', 'l', 'c', 'v', 'n'];

export class CandleChart {
  /** @param {HTMLElement} container @param {HTMLElement} legend holds `[data-field]` elements: time, o, h, l, c, v, n */
  constructor(container, legend) {
    this.container = container;
    this.legend = legend;
    this.fields = Object.fromEntries(['time', ...FIELDS].map(f => [f, legend.querySelector(`[data-field="${f}"]`)]));
    this.symbol = null;
    this.tf = '1m';
    this.series = new CandleSeries(MAX_CANDLES);
    this.dirty = false;
    this.plot = new uPlot(this.options(), this.series.columns(), container);
    new ResizeObserver(() => this.resize()).observe(container);
  }

  /** How many candles of history to ask for. */
  get limit() { return MAX_CANDLES; }

  options() {
    const hidden = label => ({label, paths: () => null, points: {show: false}});
    return {
      width: Math.max(200, this.container.clientWidth),
      height: HEIGHT,
      legend: {show: false},
      cursor: {drag: {x: false, y: false}, points: {show: false}},
      scales: {
        x: {time: true, range: () => this.timeRange()},
        y: {range: (u, min, max) => priceRange(min, max)},
        volume: {},
      },
      axes: axes(),
      // The series give uPlot the scales and the cursor's index; the plugin does the drawing.
      series: [{}, hidden('open'), hidden('high'), hidden('low'), hidden('close'), {...hidden('volume'), scale: 'volume'}],
      plugins: [candlesticks({
        up: '#3fb950', down: '#f85149', upVolume: 'rgba(63,185,80,.35)', downVolume: 'rgba(248,81,73,.35)',
        volumeShare: 0.2, stepSeconds: () => SECONDS[this.tf],
      })],
      hooks: {setCursor: [u => this.showLegend(u.cursor.idx)]},
    };
  }

  /** Switches to another stream (or none): empty until its history arrives. */
  show(symbol, tf) {
    this.symbol = symbol;
    this.tf = tf;
    this.series.reset([]);
    this.dirty = true;
  }

  /** A `candles` reply: the history of the stream shown replaces what is drawn. */
  history(frame) {
    if (!this.shows(frame)) return;
    this.series.reset(frame.candles);
    this.dirty = true;
  }

  /** A `candle` frame. */
  update(frame) {
    if (!this.shows(frame)) return;
    this.series.apply(frame.candle);
    this.dirty = true;
  }

  shows(frame) {
    return frame.symbol === this.symbol && frame.tf === this.tf;
  }

  render() {
    if (!this.dirty) return;
    this.dirty = false;
    this.plot.setData(this.series.columns());
    this.showLegend(this.plot.cursor.idx);
    const candles = this.series.candles;
    Object.assign(this.container.dataset, {symbol: this.symbol || '', tf: this.tf, candles: String(candles.length),
      first: String(candles[0]?.t ?? ''), last: String(candles.at(-1)?.t ?? '')});
  }

  /** The candle at `idx` (the newest without one) in the legend, as the server wrote its numbers. */
  showLegend(idx) {
    const candles = this.series.candles;
    const candle = candles[idx ?? candles.length - 1];
    this.fields.time.textContent = candle ? formatTime(candle.t, this.tf) : '';
    for (const f of FIELDS) this.fields[f].textContent = candle ? String(candle[f]) : '–';
    this.legend.dataset.t = candle ? String(candle.t) : '';
    this.legend.dataset.dir = !candle ? '' : Number(candle.c) >= Number(candle.o) ? 'up' : 'down';
  }

  /** The candles' times and a margin, at least MIN_SLOTS candles wide (uPlot's own x range for one point is days). */
  timeRange() {
    const step = SECONDS[this.tf];
    const candles = this.series.candles;
    const max = candles.length ? candles.at(-1).t / 1000 : Date.now() / 1000;
    const min = candles.length ? Math.min(candles[0].t / 1000, max - (MIN_SLOTS - 1) * step) : max - MIN_SLOTS * step;
    return [min - step / 2, max + step / 2];
  }

  resize() {
    const width = Math.max(200, this.container.clientWidth);
    if (width !== this.plot.width) this.plot.setSize({width, height: HEIGHT});
  }
}

/** Room below the lowest low for the volume bars (a fifth of the height), a little above the highest high. */
function priceRange(min, max) {
  if (min == null || max == null) return [0, 1];
  const span = (max - min) || Math.abs(max) * 0.01 || 1;
  return [min - span * 0.35, max + span * 0.08];
}

function formatTime(ms, tf) {
  const withSeconds = tf === '1s';
  return new Date(ms).toLocaleString(undefined, {month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
    second: withSeconds ? '2-digit' : undefined, hour12: false});
}
