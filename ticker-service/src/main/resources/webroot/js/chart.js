// The streaming price line of the selected symbol: uPlot (global from the WebJar's IIFE build) drawing
// the price, with the bid/ask as thin lines. Points are appended as ticks arrive and handed to uPlot at
// most once per animation frame; uPlot redraws the whole canvas, so batching is what keeps it cheap.

import {axes} from './plot-axes.js';

const MAX_POINTS = 3000;   // full-resolution points kept for the selected symbol
const HEIGHT = 260;

export class PriceChart {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.container = container;
    this.symbol = null;
    this.data = [[], [], [], []]; // seconds, price, bid, ask (uPlot's time scale is in seconds)
    this.dirty = false;
    this.plot = new uPlot(this.options(), this.data, container);
    // Follow the container: the layout is fluid and changes with the window and the breakpoints.
    new ResizeObserver(() => this.resize()).observe(container);
  }

  options() {
    return {
      width: Math.max(200, this.container.clientWidth),
      height: HEIGHT,
      cursor: {drag: {x: false, y: false}},
      legend: {show: true, live: true},
      scales: {x: {time: true}},
      axes: axes(),
      series: [
        {},
        {label: 'price', stroke: '#58a6ff', width: 1.5, value: (u, v) => v == null ? '–' : String(v)},
        {label: 'bid', stroke: 'rgba(63,185,80,.55)', width: 1, value: (u, v) => v == null ? '–' : String(v)},
        {label: 'ask', stroke: 'rgba(248,81,73,.55)', width: 1, value: (u, v) => v == null ? '–' : String(v)},
      ],
    };
  }

  /** Switches to a symbol, seeded from the watchlist's per-second history so the chart is not empty. */
  show(symbol, history) {
    this.symbol = symbol;
    const t = history ? history.t.map(ms => ms / 1000) : [];
    const p = history ? history.p.slice() : [];
    this.data = [t, p, p.map(() => null), p.map(() => null)];
    this.dirty = true;
    this.lastTs = t.length ? t[t.length - 1] : 0;
  }

  add(tick) {
    if (tick.symbol !== this.symbol) return;
    const x = tick.ts / 1000;
    if (x <= this.lastTs) return; // snapshots after a resubscribe repeat the last value
    this.lastTs = x;
    const [t, p, b, a] = this.data;
    t.push(x);
    p.push(Number(tick.price));
    b.push(Number(tick.bid));
    a.push(Number(tick.ask));
    if (t.length > MAX_POINTS) {
      for (const s of this.data) s.splice(0, t.length - MAX_POINTS);
    }
    this.dirty = true;
  }

  render() {
    if (!this.dirty) return;
    this.dirty = false;
    this.plot.setData(this.data);
    this.container.dataset.points = String(this.data[0].length);
    this.container.dataset.symbol = this.symbol || '';
  }

  resize() {
    const width = Math.max(200, this.container.clientWidth);
    if (width !== this.plot.width) this.plot.setSize({width, height: HEIGHT});
  }
}
