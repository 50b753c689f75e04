// Wires the dashboard together: the watchlist state (persisted in localStorage), the connection and its
// (re)subscriptions, the status bar, and one requestAnimationFrame loop that paints whatever arrived.
// It speaks only the public client protocol (SPEC: ws://HOST/ws) through TickerClient, the module outside
// clients use too: the client owns the link and the subscription set; this page owns the watchlist.

import {TickerClient} from './ticker-client.js';
import {nodeUrls} from './connection.js';
import {Watchlist} from './watchlist.js';
import {ChartPanel} from './chart-panel.js';
import {Stats} from './stats.js';
import {SymbolSearch} from './search.js';
import {SignIn} from './signin.js';

const INTERVALS = [100, 250, 1000];
const DEFAULT_INTERVAL = 250;
const $ = id => document.getElementById(id);

// ---- persisted state: {all: true} means `*`; otherwise the explicit symbols in the user's order.
const store = {
  load(key, fallback) {
    try {
      const v = JSON.parse(localStorage.getItem('ticker.' + key));
      return v ?? fallback;
    } catch {
      return fallback; // storage disabled or garbage: start from the defaults
    }
  },
  save(key, value) {
    try {
      localStorage.setItem('ticker.' + key, JSON.stringify(value));
    } catch { /* storage full or disabled: the session still works, it just is not remembered */ }
  },
};

const saved = store.load('watchlist', {all: true, symbols: []});
const watch = {all: saved.all !== false, symbols: new Set(Array.isArray(saved.symbols) ? saved.symbols : [])};
const savedInterval = store.load('intervalMs', DEFAULT_INTERVAL);
let intervalMs = INTERVALS.includes(savedInterval) ? savedInterval : DEFAULT_INTERVAL;
let selected = store.load('selected', null);
let directory = [];               // [{symbol, name, kind}] from the `symbols` op
let message = null;

const saveWatch = () => store.save('watchlist', {all: watch.all, symbols: [...watch.symbols]});
const accepts = symbol => watch.all || watch.symbols.has(symbol);

const stats = new Stats();
const table = new Watchlist($('watchlist'), {accepts, onSelect: select, onRemove: remove});
const search = new SymbolSearch($('symbol-search'), $('search-results'), {
  symbols: () => directory,
  isAdded: s => s === '*' ? watch.all : accepts(s),
  onPick: add,
});
const client = new TickerClient({urls: nodeUrls(), token: currentToken});
const chart = new ChartPanel(client, store, {title: $('chart-title'), views: $('chart-views'), timeframes: $('timeframes'),
  legend: $('candle-legend'), candles: $('candles'), line: $('chart')});
const signIn = new SignIn({onToken: () => connect(), onSignOut: () => client.close('signed out')});
const quiet = () => {}; // refusals arrive as `error` events too, handled in onError
client.on('state', onState);
client.on('open', onOpen);
client.on('message', onMessage);

function connect() {
  client.connect().catch(quiet); // rejected only by close(): signed out
}

/** For `auth`: the token of this tab, or none, and then the page asks for one and stops connecting. */
function currentToken() {
  const token = signIn.token();
  if (!token) needToken('This server needs an access token. Paste the token (JWT) you were given.');
  return token;
}

// ---- watchlist actions

function subscribe(symbols) {
  client.subscribe(watch.all ? ['*'] : symbols, {intervalMs}).catch(quiet);
}

function add(symbol) {
  if (symbol === '*') {
    if (watch.all) return;
    watch.all = true;
    watch.symbols.clear();
    subscribe([]);
  } else if (directory.length && !directory.some(s => s.symbol === symbol)) {
    // Not in the directory: unknown, or not granted by the token. Ask anyway: the server's error says which.
    client.subscribe([symbol], {intervalMs}).catch(quiet);
    return;
  } else if (!accepts(symbol)) {
    watch.symbols.add(symbol);
    table.ensureRow(symbol);
    subscribe([symbol]);
  }
  saveWatch();
  if (symbol !== '*') {
    select(symbol);
    table.scrollTo(symbol); // show the user what they just added
  }
}

function remove(symbol) {
  if (watch.all) {
    // Leaving `*`: the watchlist becomes every known symbol but this one, which is also what the server
    // does with an unsubscribe under `*`.
    const known = directory.length ? directory.map(s => s.symbol) : [...table.rows.keys()];
    watch.all = false;
    watch.symbols = new Set(known);
  }
  watch.symbols.delete(symbol);
  client.unsubscribe([symbol]).catch(quiet);
  table.removeRow(symbol);
  saveWatch();
  if (selected === symbol) select(table.tbody.rows[0]?.dataset.symbol ?? null);
}

/** Symbols the server will not serve us: out of the watchlist, no rows. */
function drop(symbols) {
  for (const s of symbols) {
    watch.symbols.delete(s);
    table.removeRow(s);
  }
  saveWatch();
  if (symbols.includes(selected)) select(table.tbody.rows[0]?.dataset.symbol ?? null);
}

function select(symbol) {
  selected = symbol;
  store.save('selected', symbol);
  table.select(symbol);
  const info = directory.find(s => s.symbol === symbol);
  chart.show(symbol, info?.name, symbol ? table.history(symbol) : null);
}

function changeInterval(ms) {
  intervalMs = ms;
  store.save('intervalMs', ms);
  // The interval is per connection: re-subscribing the same set with the new intervalMs switches it.
  subscribe([...watch.symbols]);
}

// ---- connection events

function onState(detail) {
  // ready (authed) looks like connected; closed only happens when signed out
  const state = {ready: 'connected', closed: 'held'}[detail.state] || detail.state;
  const el = $('conn-state');
  el.dataset.state = state;
  el.textContent = state === 'reconnecting' ? `reconnecting in ${(detail.delay / 1000).toFixed(1)} s`
    : state === 'held' ? 'signed out' : state;
  el.title = detail.reason || '';
  $('conn-url').textContent = detail.url || '';
  if (state !== 'connected') {
    table.setStale(true);
    setFeed('unknown');
  }
  // Every (re)connection: the symbol directory (it depends on the token); the client resubscribes itself.
  if (detail.state === 'ready') client.listSymbols().catch(quiet); // the reply comes as a 'message'
}

function onOpen(welcome) {
  $('node-id').textContent = welcome.node;
  // The server sends `status` on connect only when the feed is not live, so no news is live.
  setFeed('live');
  stats.reset();
}

/** No usable token: stop the connection (no reconnecting with a bad token) until the user gives one. */
function needToken(reason) {
  client.close('no token');
  signIn.save(null);
  signIn.ask(reason);
}

function onMessage(msg) {
  switch (msg.type) {
    case 'update':
      // Tick age is plain `now - ts` on this browser's clock (NTP-synced machines agree to a few ms); the
      // ping/pong clock-offset estimate is shown beside it rather than applied, since its own error is ±RTT/2.
      stats.frame(msg.ticks, Date.now());
      // falls through: an update is applied like a snapshot
    case 'snapshot':
      table.push(msg.ticks);
      for (const t of msg.ticks) if (t.symbol === selected) chart.add(t);
      if (msg.type === 'snapshot') table.setStale(false);
      break;
    case 'subscribed':
      $('interval').dataset.confirmed = String(msg.intervalMs);
      break;
    case 'symbols':
      directory = msg.symbols;
      // Under `*`, rows of symbols no longer listed (another token, fewer grants) would never update again.
      if (watch.all) drop([...table.rows.keys()].filter(s => !directory.some(info => info.symbol === s)));
      table.setNames(directory);
      search.update();
      if (selected) chart.show(selected, directory.find(s => s.symbol === selected)?.name, table.history(selected));
      break;
    case 'status':
      setFeed(msg.feed);
      break;
    case 'authed':
      signIn.signedIn(msg.sub, msg.expiresAt);
      break;
    case 'unsubscribed':
      if (msg.id == null) drop(msg.symbols); // the server's own: a refreshed token grants fewer symbols
      break;
    case 'error':
      onError(msg);
      break;
  }
}

function onError(msg) {
  if (msg.code === 'UNAUTHORIZED') {
    // The answer to `auth`, or the server's own notice (no id) such as "token expired"; the client sends
    // nothing else before `authed`.
    needToken(/expired/.test(msg.message) ? 'Your sign-in has expired. Paste a fresh token to continue.'
      : `The server did not accept this token (${msg.message}). Paste a valid token to sign in.`);
  } else if (msg.code === 'FORBIDDEN') {
    // "your token does not grant: MSFT,NVDA"
    const symbols = msg.message.slice(msg.message.indexOf(':') + 1).split(',').map(s => s.trim()).filter(Boolean);
    drop(symbols);
    showMessage(`Your access does not include ${symbols.join(', ')}.`);
  } else {
    showMessage(`${msg.code}: ${msg.message}`);
  }
}

function setFeed(state) {
  const el = $('feed-state');
  el.dataset.state = state;
  el.textContent = state === 'unknown' ? '–' : state;
}

function showMessage(text) {
  const el = $('message');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(message);
  message = setTimeout(() => { el.hidden = true; }, 8000);
}

// ---- status bar figures, a few times a second (cheap text, not per tick)

function refreshStatus() {
  const now = Date.now();
  const age = stats.tickAge(now);
  const ageEl = $('tick-age');
  ageEl.textContent = age ? `p50 ${Math.round(age.p50)} ms · max ${Math.round(age.max)} ms` : '–';
  ageEl.dataset.p50 = age ? String(Math.round(age.p50)) : '';
  ageEl.title = client.rttMs == null ? '' :
    `now − ts on this browser's clock; ping RTT ${client.rttMs} ms, server clock ${Math.round(client.clockOffsetMs)} ms vs this one`;
  const {ticksPerSec, framesPerSec} = stats.rates(now);
  const rateEl = $('updates-rate');
  rateEl.textContent = `${Math.round(ticksPerSec)} upd/s · ${framesPerSec.toFixed(1)} frames/s`;
  rateEl.dataset.ticksPerSec = ticksPerSec.toFixed(1);
  rateEl.dataset.framesPerSec = framesPerSec.toFixed(2);
  $('row-count').textContent = `${table.rows.size} symbols${watch.all ? ' (all)' : ''}`;
}

// ---- one paint per animation frame

function frame(now) {
  table.render(now);
  if (!selected && table.tbody.rows.length) select(table.tbody.rows[0].dataset.symbol);
  chart.render();
  requestAnimationFrame(frame);
}

const intervalSelect = $('interval');
intervalSelect.value = String(intervalMs);
intervalSelect.addEventListener('change', () => changeInterval(Number(intervalSelect.value)));

if (!watch.all) for (const s of watch.symbols) table.ensureRow(s);
if (selected && !accepts(selected)) selected = null;
if (selected) select(selected);
setInterval(refreshStatus, 500);
requestAnimationFrame(frame);
subscribe([...watch.symbols]); // queued: sent once connected, and again after every reconnect
connect();
