// ticker-client.js: a client for the Ticker WebSocket protocol (docs/protocol.md), for browsers and Node.
// An ES module with no dependencies. Browsers and Node 22+ have a global WebSocket; on Node 18/20 pass one:
// `new TickerClient({urls, WebSocket: (await import('ws')).WebSocket})`, or run `node --experimental-websocket`.
//
//   import {TickerClient} from 'http://localhost:8080/js/ticker-client.js'; // or a copy of this file
//   const c = new TickerClient({urls: ['ws://h1:8080/ws', 'ws://h2:8080/ws'], token: async () => fetchJwt()});
//   c.on('update', f => f.ticks.forEach(t => console.log(t.symbol, t.price)));
//   await c.connect();
//   await c.subscribe(['BTC-USD', 'AAPL'], {intervalMs: 250});
//   c.on('candle', f => console.log(f.symbol, f.tf, f.candle.c, f.closed));
//   const {candles} = await c.candles('BTC-USD', '1m', {limit: 500}); // history first, then 'candle' events
//
// It owns the link: round-robin failover over `urls`, reconnects with exponential backoff and full jitter
// (capped at 8 s), `auth` when the welcome says `"auth":"jwt"` (and again shortly before `expiresAt` with
// whatever the token function returns then), resubscribes after a reconnect with the same symbols and
// interval and `since` (the last seq seen per symbol), asks again for its candle streams (whose history
// replies then replace the app's view), and pings to tell a dead link from a quiet one.

/** @typedef {{symbol: string, seq: number, ts: number, price: string, bid: string, ask: string, size: string,
 *   open: string, high: string, low: string, volume: string, change: string, changePct: string}} Tick */
/** @typedef {{t: number, o: string, h: string, l: string, c: string, v: string, n: number}} Candle open time (ms), OHLC, summed size, ticks */
/** @typedef {'1s'|'1m'|'5m'|'1h'} Timeframe */
/** @typedef {{type: string, id?: *, code?: string, message?: string, ticks?: Tick[], [key: string]: *}} Frame */
/** @typedef {'open'|'close'|'snapshot'|'update'|'candles'|'candle'|'uncandled'|'status'|'error'|'authed'|'unsubscribed'|'state'|'message'} EventName */
/**
 * @typedef {object} TickerClientOptions
 * @property {string[]} urls node URLs (`ws://host:8080/ws`), tried round-robin
 * @property {string | (() => (string|null|Promise<string|null>))} [token] a JWT, or a function returning one;
 *   called on every (re)connect and shortly before the token expires
 * @property {typeof WebSocket} [WebSocket] a WebSocket implementation, where there is no global one (Node < 22)
 * @property {number} [backoffBaseMs=500] first reconnect delay
 * @property {number} [backoffMaxMs=8000] cap of the reconnect delay
 * @property {number} [pingEveryMs=5000] heartbeat; 3 beats without any frame close the link as dead
 */

const CHUNK = 500;            // symbols per subscribe frame: far below the 64 KiB frame limit
const MAX_OP_CHARS = 48 * 1024; // the server closes on frames over 64 KiB
const WELCOME_TIMEOUT_MS = 5000;
const REFRESH_AHEAD_MS = 30000;
const EVENTS = ['snapshot', 'update', 'candles', 'candle', 'uncandled', 'status', 'error', 'authed', 'unsubscribed'];
const TRANSIENT = ['RATE_LIMITED', 'UNAUTHORIZED']; // errors that say "not now" rather than "never"
const candleKey = (symbol, tf) => symbol + ' ' + tf;

export class TickerClient {
  /** @param {TickerClientOptions} options */
  constructor(options) {
    if (!options?.urls?.length) throw new TypeError('TickerClient: urls must name at least one ws:// URL');
    this.urls = [...options.urls];
    this.token = options.token;
    this.WebSocket = options.WebSocket || globalThis.WebSocket;
    if (!this.WebSocket) throw new TypeError('TickerClient: no global WebSocket; pass {WebSocket} (e.g. from "ws")');
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.backoffMaxMs = options.backoffMaxMs ?? 8000;
    this.pingEveryMs = options.pingEveryMs ?? 5000;
    /** @type {Map<string, Set<function(Frame)>>} */ this.listeners = new Map();
    /** @type {Set<string>} symbols to (re)subscribe; '*' = all */ this.symbols = new Set();
    /** @type {Set<string>} symbols unsubscribed while under '*' */ this.excluded = new Set();
    /** @type {number|undefined} */ this.intervalMs = undefined;
    /** @type {Map<string, number>} last seq seen per symbol */ this.seqs = new Map();
    /** @type {Map<string, {symbol: string, tf: Timeframe, limit?: number}>} candle streams to (re)start */
    this.candleStreams = new Map();
    this.pending = new Map(); // request id -> {resolve, reject, op}
    this.nextId = 1;
    this.index = 0;           // which URL the next attempt uses
    this.attempt = 0;         // consecutive failures, drives the backoff
    this.ws = null;
    this.ready = false;       // welcomed and, under jwt, authed
    this.stopped = true;
    this.timers = {};
    this.rttMs = null;        // last ping round trip
    this.clockOffsetMs = 0;   // server clock minus ours, from the lowest-RTT pong on this link
  }

  /** The URL of the current (or next) attempt. */
  get url() { return this.urls[this.index]; }

  /** @param {EventName} event @param {function(Frame): void} fn @returns {() => void} removes the listener */
  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(fn);
    return () => this.listeners.get(event).delete(fn);
  }

  emit(event, frame) {
    for (const fn of this.listeners.get(event) || []) {
      try { fn(frame); } catch (e) { setTimeout(() => { throw e; }); } // a listener's bug must not kill the link
    }
  }

  /**
   * Starts connecting (and reconnecting until close()); resolves once connected and, under jwt, authed.
   * It keeps trying through failures (see the `state` event); it rejects only if close() comes first.
   * @returns {Promise<void>}
   */
  connect() {
    if (this.ready) return Promise.resolve();
    if (!this.readyWaiters) this.readyWaiters = [];
    const p = new Promise((resolve, reject) => this.readyWaiters.push({resolve, reject}));
    if (this.stopped) {
      this.stopped = false;
      this.attempt = 0;
      this.open();
    }
    return p;
  }

  /**
   * Adds symbols (`['*']` = all) and sets the connection's interval; kept and sent again after a reconnect.
   * Resolves with the `subscribed` reply (the last one, for more than 500 symbols); rejects with the `error`
   * frame (e.g. UNKNOWN_SYMBOL, FORBIDDEN: the server still serves the rest). Offline, it resolves at once
   * with `{type: 'subscribed', queued: true}` and the next connection subscribes.
   * @param {string[]} symbols @param {{intervalMs?: number}} [options] @returns {Promise<Frame>}
   */
  async subscribe(symbols, options = {}) {
    if (options.intervalMs !== undefined) this.intervalMs = options.intervalMs;
    if (symbols.includes('*')) { this.symbols.clear(); this.excluded.clear(); }
    for (const s of symbols) { this.symbols.add(s); this.excluded.delete(s); }
    if (!this.ready) return {type: 'subscribed', symbols, intervalMs: this.intervalMs, queued: true};
    return this.sendSubscribe(symbols);
  }

  /** @param {string[]} symbols @returns {Promise<Frame>} the `unsubscribed` reply (what was removed) */
  async unsubscribe(symbols) {
    if (symbols.includes('*')) { this.symbols.clear(); this.excluded.clear(); }
    for (const s of symbols) {
      this.symbols.delete(s);
      if (this.symbols.has('*')) this.excluded.add(s);
      this.seqs.delete(s);
    }
    if (!this.ready) return {type: 'unsubscribed', symbols, queued: true};
    return this.request({op: 'unsubscribe', symbols});
  }

  /**
   * Starts a candle stream: resolves with the `candles` reply (the newest `limit` candles, default 300, oldest
   * first, the last one may still be forming), then `candle` events follow: each candle that closes once with
   * `closed: true`, the forming one when it changed. Kept and asked for again after a reconnect; that reply
   * comes as a `candles` event (as every reply does) and replaces the history. Rejects with the `error` frame
   * (BAD_REQUEST, UNKNOWN_SYMBOL, FORBIDDEN, LIMIT_EXCEEDED), and then the stream is forgotten. Offline, it
   * resolves at once with `{type: 'candles', candles: [], queued: true}` and the next connection asks.
   * @param {string} symbol @param {Timeframe} tf @param {{limit?: number}} [options] @returns {Promise<Frame>}
   */
  async candles(symbol, tf, options = {}) {
    const stream = {symbol, tf, limit: options.limit};
    this.candleStreams.set(candleKey(symbol, tf), stream);
    if (!this.ready) return {type: 'candles', symbol, tf, candles: [], queued: true};
    return this.sendCandles(stream);
  }

  /** Ends a candle stream. @param {string} symbol @param {Timeframe} tf @returns {Promise<Frame>} the `uncandled` reply */
  async uncandles(symbol, tf) {
    this.candleStreams.delete(candleKey(symbol, tf));
    if (!this.ready) return {type: 'uncandled', symbol, tf, queued: true};
    return this.request({op: 'uncandles', symbol, tf});
  }

  /** @returns {Promise<Frame>} the `symbols` reply: `{symbols: [{symbol, name, kind}, …]}` */
  listSymbols() { return this.request({op: 'symbols'}); }

  /** Closes the link and stops reconnecting, until connect() again. */
  close(reason = 'client close') {
    this.stopped = true;
    const had = this.ws;
    this.drop(reason);
    if (had) this.emit('close', {type: 'close', code: 1000, reason, url: this.url});
    for (const w of this.readyWaiters || []) w.reject(Object.assign(new Error('closed'), {code: 'CLOSED'}));
    this.readyWaiters = null;
    this.state('closed', {reason});
  }

  /** Sends one op with an id; resolves on the reply with that id, rejects on an `error` with it. */
  request(op) {
    if (!this.ws || !this.sendable(op)) {
      return Promise.reject(Object.assign(new Error('not connected'), {code: 'NOT_CONNECTED'}));
    }
    op.id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.pending.set(op.id, {resolve, reject, op});
      this.ws.send(JSON.stringify(op));
    });
  }

  sendCandles({symbol, tf, limit}) {
    const op = {op: 'candles', symbol, tf};
    if (limit !== undefined) op.limit = limit;
    return this.request(op);
  }

  sendable(op) {
    return this.ws.readyState === 1 && (this.ready || op.op === 'auth');
  }

  async sendSubscribe(symbols) {
    let last = {type: 'subscribed', symbols: [], intervalMs: this.intervalMs};
    for (let i = 0; i < symbols.length; i += CHUNK) {
      const part = symbols.slice(i, i + CHUNK);
      const op = {op: 'subscribe', symbols: part};
      if (this.intervalMs !== undefined) op.intervalMs = this.intervalMs;
      const since = {};
      for (const s of part) if (this.seqs.has(s)) since[s] = this.seqs.get(s);
      if (part.includes('*')) for (const [s, seq] of this.seqs) since[s] = seq;
      if (Object.keys(since).length) op.since = since;
      if (op.since && JSON.stringify(op).length > MAX_OP_CHARS) delete op.since; // a full snapshot beats a 1009 close
      last = await this.request(op);
    }
    return last;
  }

  // ---- the link

  open() {
    this.clearTimers();
    const url = this.url;
    this.state('connecting', {url});
    let ws;
    try {
      ws = new this.WebSocket(url);
    } catch (e) { // a malformed URL throws synchronously: a failed attempt like any other
      this.scheduleReconnect(String(e));
      return;
    }
    this.ws = ws;
    this.timers.welcome = setTimeout(() => ws.close(4000, 'no welcome'), WELCOME_TIMEOUT_MS);
    ws.onmessage = e => {
      if (this.ws !== ws) return;
      this.lastHeard = Date.now();
      let frame;
      try { frame = JSON.parse(e.data); } catch { return; } // the server sends only JSON
      this.onFrame(frame);
    };
    ws.onclose = e => {
      if (this.ws !== ws) return;
      const reason = e.code ? `closed ${e.code}${e.reason ? ' ' + e.reason : ''}` : 'closed';
      this.drop(reason);
      this.emit('close', {type: 'close', code: e.code, reason: e.reason, url});
      this.scheduleReconnect(reason);
    };
    ws.onerror = () => {}; // always followed by onclose, which does the work
  }

  async onFrame(frame) {
    this.emit('message', frame);
    const waiter = frame.id != null ? this.pending.get(String(frame.id)) : undefined;
    switch (frame.type) {
      case 'welcome':
        clearTimeout(this.timers.welcome);
        this.attempt = 0; // a healthy connection resets the backoff
        this.bestRtt = Infinity;
        this.welcome = frame;
        this.state('connected', {url: this.url, node: frame.node});
        this.emit('open', frame);
        if (frame.auth === 'jwt') this.authenticate(this.ws).catch(() => {});
        else this.onReady();
        return;
      case 'snapshot': case 'update':
        for (const t of frame.ticks) this.seqs.set(t.symbol, t.seq);
        break;
      case 'error':
        if (waiter?.op.op === 'candles') {
          // a refused stream is not asked for again; one refused for the moment is (after the next connect)
          if (!TRANSIENT.includes(frame.code)) this.forgetCandles(waiter.op);
        } else if (frame.code === 'UNKNOWN_SYMBOL' || frame.code === 'FORBIDDEN') {
          // "unknown symbols: X,Y" / "your token does not grant: X,Y": never ask for those again
          for (const s of frame.message.slice(frame.message.indexOf(':') + 1).split(',')) this.symbols.delete(s.trim());
        }
        break;
      case 'unsubscribed':
        if (frame.id == null) for (const s of frame.symbols) { this.symbols.delete(s); this.seqs.delete(s); }
        break;
      case 'uncandled':
        if (frame.id == null) this.forgetCandles(frame); // the server's own: a refreshed token no longer grants it
        break;
    }
    if (waiter) {
      this.pending.delete(String(frame.id));
      if (frame.type === 'error') waiter.reject(Object.assign(new Error(`${frame.code}: ${frame.message}`), frame));
      else waiter.resolve(frame);
    }
    if (EVENTS.includes(frame.type)) {
      this.emit(frame.type, frame);
    }
  }

  forgetCandles({symbol, tf}) {
    this.candleStreams.delete(candleKey(symbol, tf));
  }

  /** `auth` with the current token; on `authed`, schedules the refresh shortly before `expiresAt`. */
  async authenticate(ws, refresh = false) {
    let token;
    try {
      token = typeof this.token === 'function' ? await this.token() : this.token;
    } catch (e) { // the app's token source failed: say so; without auth the server closes 1008 and we retry
      if (this.ws === ws) this.emit('error', {type: 'error', code: 'TOKEN_ERROR', message: String(e?.message ?? e)});
      return;
    }
    if (this.ws !== ws) return;
    if (refresh && token === this.authedToken) return; // nothing fresher to send: the server will say when it expires
    if (!token) {
      this.emit('error', {type: 'error', code: 'UNAUTHORIZED', message: 'no token'});
      return;
    }
    const authed = await this.request({op: 'auth', token});
    this.authedToken = token;
    clearTimeout(this.timers.refresh);
    const ahead = Math.min(REFRESH_AHEAD_MS, (authed.expiresAt - Date.now()) / 5);
    if (typeof this.token === 'function') {
      this.timers.refresh = setTimeout(() => this.authenticate(ws, true).catch(() => {}),
        Math.max(0, authed.expiresAt - Date.now() - ahead));
    }
    if (!refresh) this.onReady();
  }

  onReady() {
    this.ready = true;
    this.startHeartbeat(this.ws);
    for (const w of this.readyWaiters || []) w.resolve();
    this.readyWaiters = null;
    this.state('ready', {url: this.url});
    const quiet = () => {};
    if (this.symbols.size) {
      this.sendSubscribe([...this.symbols]).catch(quiet);
      if (this.symbols.has('*') && this.excluded.size) this.request({op: 'unsubscribe', symbols: [...this.excluded]}).catch(quiet);
    }
    for (const stream of this.candleStreams.values()) this.sendCandles(stream).catch(quiet);
  }

  /** Forgets the socket: pending requests fail, timers stop. */
  drop(reason) {
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    this.ready = false;
    this.authedToken = null;
    if (ws && ws.readyState <= 1) ws.close(1000, reason.slice(0, 100));
    for (const {reject} of this.pending.values()) reject(Object.assign(new Error('disconnected: ' + reason), {code: 'DISCONNECTED'}));
    this.pending.clear();
  }

  /** Next node, after a jittered exponential delay ("full jitter" keeps a restarted node from a thundering herd). */
  scheduleReconnect(reason) {
    this.clearTimers();
    if (this.stopped) return;
    this.index = (this.index + 1) % this.urls.length;
    const cap = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** this.attempt);
    const delay = Math.round(cap / 2 + Math.random() * cap / 2);
    this.attempt = Math.min(this.attempt + 1, 10);
    this.state('reconnecting', {reason, delay, url: this.url});
    this.timers.retry = setTimeout(() => this.open(), delay);
  }

  startHeartbeat(ws) {
    this.lastHeard = Date.now();
    const beat = () => {
      if (Date.now() - this.lastHeard > 3 * this.pingEveryMs) return ws.close(4001, 'silent');
      const sent = Date.now();
      this.request({op: 'ping'}).then(pong => this.onPong(pong, sent), () => {});
    };
    beat();
    this.timers.ping = setInterval(beat, this.pingEveryMs);
  }

  onPong(pong, sent) {
    if (sent === undefined) return;
    this.rttMs = Date.now() - sent;
    // The lowest-RTT sample bounds the offset error best (NTP's idea, minus the filtering).
    if (this.rttMs <= this.bestRtt && typeof pong.serverTime === 'number') {
      this.bestRtt = this.rttMs;
      this.clockOffsetMs = pong.serverTime - (sent + this.rttMs / 2);
    }
  }

  /** `state` event: connecting, connected (welcomed), ready (authed), reconnecting (with delay), closed. */
  state(state, detail) {
    this.emit('state', {type: 'state', state, ...detail});
  }

  clearTimers() {
    clearTimeout(this.timers.welcome);
    clearTimeout(this.timers.retry);
    clearTimeout(this.timers.refresh);
    clearInterval(this.timers.ping);
  }
}
