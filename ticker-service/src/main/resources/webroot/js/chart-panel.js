// The chart panel: the selected symbol as candlesticks (the default) or as the streaming price line, a
// toggle between the two, and the candles' timeframe. In the candle view it keeps exactly one candles
// stream open, the selected symbol's at the chosen timeframe; TickerClient asks for it again after a
// reconnect, and that history reply redraws the chart. The view and timeframe are kept in localStorage.

import {PriceChart} from './chart.js';
import {CandleChart} from './candle-chart.js';

const VIEWS = ['candles', 'line'];
const TIMEFRAMES = ['1s', '1m', '5m', '1h'];

export class ChartPanel {
  /**
   * @param {import('./ticker-client.js').TickerClient} client
   * @param {{load: function(string, *): *, save: function(string, *): void}} store
   * @param {{title: HTMLElement, views: HTMLElement, timeframes: HTMLElement, legend: HTMLElement,
   *   candles: HTMLElement, line: HTMLElement}} el
   */
  constructor(client, store, el) {
    this.client = client;
    this.store = store;
    this.el = el;
    this.price = new PriceChart(el.line);
    this.candles = new CandleChart(el.candles, el.legend);
    this.symbol = null;
    this.streaming = null; // {symbol, tf} of the candles stream asked for, or null
    this.view = saved(store, 'chartView', VIEWS, 'candles');
    this.tf = saved(store, 'timeframe', TIMEFRAMES, '1m');
    client.on('candles', frame => this.candles.history(frame));
    client.on('candle', frame => this.candles.update(frame));
    el.views.addEventListener('click', e => this.choose(e, 'view', VIEWS, 'chartView'));
    el.timeframes.addEventListener('click', e => this.choose(e, 'tf', TIMEFRAMES, 'timeframe'));
    this.layout();
  }

  /** Shows a symbol (or none); the price line starts from the watchlist's per-second history. */
  show(symbol, name, history) {
    this.symbol = symbol;
    this.el.title.textContent = !symbol ? 'Select a symbol' : name ? `${symbol} · ${name}` : symbol;
    this.price.show(symbol, history);
    this.stream();
  }

  add(tick) {
    this.price.add(tick);
  }

  render() {
    this.price.render();
    this.candles.render();
  }

  /** A click on one of the toggle's buttons (`data-view`) or the timeframes' (`data-tf`). */
  choose(event, key, values, storeKey) {
    const value = event.target.closest('button')?.dataset[key];
    if (!values.includes(value) || value === this[key]) return;
    this[key] = value;
    this.store.save(storeKey, value);
    this.layout();
    this.stream();
  }

  layout() {
    const candles = this.view === 'candles';
    this.el.candles.hidden = this.el.legend.hidden = this.el.timeframes.hidden = !candles;
    this.el.line.hidden = candles;
    for (const b of this.el.views.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.view === this.view));
    for (const b of this.el.timeframes.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.tf === this.tf));
  }

  /** Moves the one candles stream to what the panel shows now: ends the old one, asks for the new one. */
  stream() {
    const want = this.view === 'candles' && this.symbol ? {symbol: this.symbol, tf: this.tf} : null;
    const had = this.streaming;
    if (had?.symbol === want?.symbol && had?.tf === want?.tf) return;
    const quiet = () => {}; // refusals come as `error` events, which the page shows
    if (had) this.client.uncandles(had.symbol, had.tf).catch(quiet);
    this.streaming = want;
    this.candles.show(want?.symbol ?? null, this.tf);
    if (want) this.client.candles(want.symbol, want.tf, {limit: this.candles.limit}).catch(quiet);
  }
}

function saved(store, key, values, fallback) {
  const value = store.load(key, fallback);
  return values.includes(value) ? value : fallback;
}
