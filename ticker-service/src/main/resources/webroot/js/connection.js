// One logical connection to the Ticker cluster over the public client protocol (SPEC: ws://HOST/ws).
// It owns reconnects: exponential backoff with jitter, round-robin over the given node URLs, and a
// liveness check, so the rest of the page only sees "connected" / "message" / "disconnected".

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8000;
const PING_EVERY_MS = 5000;
// Pongs arrive every PING_EVERY_MS even when the feed is quiet, so this much silence means a dead link
// (a half-open TCP connection never fires onclose by itself).
const SILENCE_LIMIT_MS = 3 * PING_EVERY_MS;
const WELCOME_TIMEOUT_MS = 5000;

/** The node URLs: `?nodes=ws://a:8080/ws,ws://b:8080/ws`, else this page's own origin. */
export function nodeUrls(search = location.search) {
  const param = new URLSearchParams(search).get('nodes');
  const urls = (param || '').split(',').map(s => s.trim()).filter(Boolean);
  if (urls.length) return urls;
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  return [scheme + location.host + '/ws'];
}

export class Connection {
  /**
   * @param {string[]} urls nodes to try, round-robin
   * @param {{onState: function(string, object), onMessage: function(object), onOpen: function(object)}} handlers
   *   onOpen gets the welcome frame: the moment to (re)subscribe.
   */
  constructor(urls, handlers) {
    this.urls = urls;
    this.handlers = handlers;
    this.index = 0;          // which URL the next attempt uses
    this.attempt = 0;        // consecutive failures, drives the backoff
    this.ws = null;
    this.timers = {};
    this.nextId = 1;
    this.pings = new Map();  // ping id -> send time, for RTT and the clock offset
    this.clockOffsetMs = 0;  // server clock minus ours, from the lowest-RTT pong seen on this link
    this.bestRtt = Infinity;
    this.rttMs = null;
  }

  get url() {
    return this.urls[this.index];
  }

  start() {
    this.open();
  }

  /** Closes the link and stops reconnecting until resume(): e.g. while the page waits for a token. */
  hold(reason) {
    this.held = true;
    this.clearTimers();
    const ws = this.ws;
    this.ws = null; // so its onclose does not schedule a reconnect
    if (ws) ws.close(1000, reason);
    this.state('held', {reason, url: this.url});
  }

  resume() {
    if (!this.held) return;
    this.held = false;
    this.attempt = 0;
    this.open();
  }

  open() {
    this.clearTimers();
    const url = this.url;
    this.state('connecting', {url});
    let ws;
    try {
      ws = new WebSocket(url);
    } catch (e) { // a malformed URL in ?nodes= throws synchronously; treat it as a failed attempt
      this.scheduleReconnect(String(e));
      return;
    }
    this.ws = ws;
    let welcomed = false;
    this.timers.welcome = setTimeout(() => ws.close(4000, 'no welcome'), WELCOME_TIMEOUT_MS);
    ws.onmessage = e => {
      this.lastHeard = Date.now();
      let msg;
      try {
        msg = JSON.parse(e.data);
      } catch {
        return; // the server only sends JSON; ignore anything else rather than crash the page
      }
      if (msg.type === 'welcome' && !welcomed) {
        welcomed = true;
        this.attempt = 0; // a healthy connection resets the backoff
        this.bestRtt = Infinity;
        clearTimeout(this.timers.welcome);
        this.state('connected', {url, node: msg.node});
        this.startHeartbeat(ws);
        this.handlers.onOpen(msg);
        return;
      }
      if (msg.type === 'pong') this.onPong(msg);
      this.handlers.onMessage(msg);
    };
    ws.onclose = e => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.scheduleReconnect(e.code ? `closed ${e.code}${e.reason ? ' ' + e.reason : ''}` : 'closed');
    };
    // onerror is always followed by onclose, which does the work.
    ws.onerror = () => {};
  }

  /** Next node, after a jittered exponential delay ("full jitter" keeps a restarted node from a thundering herd). */
  scheduleReconnect(reason) {
    this.clearTimers();
    this.index = (this.index + 1) % this.urls.length;
    const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    const delay = Math.round(cap / 2 + Math.random() * cap / 2);
    this.attempt = Math.min(this.attempt + 1, 10);
    this.state('reconnecting', {reason, delay, url: this.url});
    this.timers.retry = setTimeout(() => this.open(), delay);
  }

  startHeartbeat(ws) {
    this.lastHeard = Date.now();
    const beat = () => {
      if (Date.now() - this.lastHeard > SILENCE_LIMIT_MS) {
        ws.close(4001, 'silent');
        return;
      }
      const id = 'p' + this.nextId++;
      this.pings.set(id, Date.now());
      this.send({op: 'ping', id});
    };
    beat();
    this.timers.ping = setInterval(beat, PING_EVERY_MS);
  }

  onPong(msg) {
    const sent = this.pings.get(msg.id);
    if (sent === undefined) return;
    this.pings.delete(msg.id);
    const now = Date.now();
    this.rttMs = now - sent;
    // The lowest-RTT sample bounds the offset error best (NTP's idea, minus the filtering).
    if (this.rttMs <= this.bestRtt && typeof msg.serverTime === 'number') {
      this.bestRtt = this.rttMs;
      this.clockOffsetMs = msg.serverTime - (sent + this.rttMs / 2);
    }
  }

  /** Sends one operation; returns its id, or null when not connected (the resubscribe on open covers it). */
  send(op) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return null;
    if (op.id === undefined) op.id = String(this.nextId++);
    this.ws.send(JSON.stringify(op));
    return op.id;
  }

  state(name, detail) {
    this.handlers.onState(name, detail);
  }

  clearTimers() {
    clearTimeout(this.timers.welcome);
    clearTimeout(this.timers.retry);
    clearInterval(this.timers.ping);
    this.pings.clear();
  }
}
