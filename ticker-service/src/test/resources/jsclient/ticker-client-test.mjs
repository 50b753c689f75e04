// Drives ticker-client.js (as served at /js/ticker-client.js) against two real nodes; run by TickerClientNodeTest.
// Candles: history agrees with GET /api/candles, candle events follow, uncandles stops them, refused streams
// reject and are not asked for again, and the stream is restored on the second node after the failover.
// usage: node [--experimental-websocket] ticker-client-test.mjs <module file> <ws url 1> <ws url 2> <jwt ws url> <hs256 secret>
// Prints "STOP-FIRST" when the harness should stop node 1; exits non-zero on any failure.
import {pathToFileURL} from 'node:url';
import {createHmac} from 'node:crypto';

const [modulePath, url1, url2, jwtUrl, secret] = process.argv.slice(2);
const {TickerClient} = await import(pathToFileURL(modulePath).href);
const log = (...a) => console.log(new Date().toISOString().slice(11, 23), ...a);
const fail = msg => { console.error('FAIL: ' + msg); process.exit(1); };
const check = (ok, msg) => { if (!ok) fail(msg); log('ok:', msg); };
setTimeout(() => fail('timed out'), 60000).unref();

/** Resolves with the first frame of `event` that matches, within ms. */
function next(client, event, match = () => true, ms = 10000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`no matching ${event} within ${ms} ms`)); }, ms);
    const off = client.on(event, f => { if (match(f)) { clearTimeout(timer); off(); resolve(f); } });
  });
}

// The injected implementation (the option Node < 22 needs) also records what the client sends.
const sent = [];
class RecordingWebSocket extends WebSocket {
  send(data) { sent.push(JSON.parse(data)); super.send(data); }
}

const c = new TickerClient({urls: [url1, url2], WebSocket: RecordingWebSocket, backoffBaseMs: 100, backoffMaxMs: 1000});
const frames = [];
for (const e of ['open', 'close', 'snapshot', 'update', 'candles', 'candle', 'uncandled', 'status', 'error']) c.on(e, f => frames.push({e, f}));
c.on('state', s => log('state', s.state, s.url || '', s.reason || ''));

try {
  const opened = next(c, 'open');
  await c.connect();
  const welcome = await opened;
  check(welcome.type === 'welcome' && welcome.auth === 'none', 'connected and welcomed by ' + welcome.node);

  const snapshot = next(c, 'snapshot');
  const sub = await c.subscribe(['BTC-USD', 'AAPL'], {intervalMs: 100});
  check(sub.type === 'subscribed' && sub.intervalMs === 100 && sub.symbols.length === 2, 'subscribe resolves on `subscribed`');
  const snap = await snapshot;
  check(snap.ticks.map(t => t.symbol).sort().join() === 'AAPL,BTC-USD', 'snapshot of both symbols');
  await next(c, 'update', f => f.ticks.some(t => t.symbol === 'BTC-USD'));
  check(true, 'updates arrive');

  const unsub = await c.unsubscribe(['AAPL']);
  check(unsub.type === 'unsubscribed' && unsub.symbols.join() === 'AAPL', 'unsubscribe resolves with what was removed');
  const after = frames.length;
  // Five more BTC-USD updates (each one interval apart, as the server stamps them), not a fixed wait.
  for (let i = 0; i < 5; i++) await next(c, 'update', f => f.ticks.some(t => t.symbol === 'BTC-USD'));
  check(!frames.slice(after).some(({e, f}) => e === 'update' && f.ticks.some(t => t.symbol === 'AAPL')), 'no AAPL after unsubscribe');

  const unknown = await c.subscribe(['NOPE-XYZ']).then(() => null, e => e);
  check(unknown?.code === 'UNKNOWN_SYMBOL', 'an unknown symbol rejects with UNKNOWN_SYMBOL: ' + unknown?.message);

  // Candles: history first, then candle events.
  const isBtc1s = f => f.symbol === 'BTC-USD' && f.tf === '1s';
  const history = await c.candles('BTC-USD', '1s', {limit: 50});
  check(history.type === 'candles' && isBtc1s(history) && history.candles.length > 0 && history.candles.length <= 50,
    `candles resolves with the history (${history.candles.length} 1s candles)`);
  check(history.candles.every((k, i, all) => k.t % 1000 === 0 && (i === 0 || k.t > all[i - 1].t) && k.n > 0
    && [k.o, k.h, k.l, k.c, k.v].every(d => /^\d+(\.\d+)?$/.test(d)) && +k.l <= Math.min(+k.o, +k.c) && +k.h >= Math.max(+k.o, +k.c)),
    'aligned, ascending candles of decimal strings with low <= open, close <= high');
  check(sent.some(o => o.op === 'candles' && isBtc1s(o) && o.limit === 50), 'candles op sent with its limit');
  const rest = await (await fetch(url1.replace(/^ws/, 'http').replace(/\/ws$/, '/api/candles?symbol=BTC-USD&tf=1s&limit=60'))).json();
  const restByT = new Map(rest.candles.map(k => [k.t, JSON.stringify(k)]));
  const closedSoFar = history.candles.slice(0, -1); // the last one may still have been forming
  check(closedSoFar.every(k => restByT.get(k.t) === JSON.stringify(k)), 'its closed candles are those of GET /api/candles');
  const closed = await next(c, 'candle', f => isBtc1s(f) && f.closed);
  check(closed.candle.t >= history.candles.at(-1).t, 'a closed candle follows the history: ' + JSON.stringify(closed.candle));
  const forming = await next(c, 'candle', f => isBtc1s(f) && !f.closed);
  check(forming.candle.t > closed.candle.t, 'then the next one forms');

  await c.candles('ETH-USD', '1m');
  const uncandled = await c.uncandles('ETH-USD', '1m');
  check(uncandled.type === 'uncandled' && uncandled.symbol === 'ETH-USD' && uncandled.tf === '1m', 'uncandles resolves on `uncandled`');
  const afterUncandles = frames.length;
  for (let i = 0; i < 2; i++) await next(c, 'candle', f => isBtc1s(f) && f.closed);
  check(!frames.slice(afterUncandles).some(({e, f}) => e === 'candle' && f.symbol === 'ETH-USD'), 'no ETH-USD candles after uncandles');
  const badTf = await c.candles('BTC-USD', '2m').then(() => null, e => e);
  check(badTf?.code === 'BAD_REQUEST', 'a bad timeframe rejects with BAD_REQUEST: ' + badTf?.message);
  const unknownCandles = await c.candles('NOPE-XYZ', '1m').then(() => null, e => e);
  check(unknownCandles?.code === 'UNKNOWN_SYMBOL', 'candles of an unknown symbol reject with UNKNOWN_SYMBOL');

  // Failover: node 1 goes away; the client moves to node 2 and resubscribes BTC-USD at 100 ms with `since`.
  const lastSeq = c.seqs.get('BTC-USD');
  const reopened = next(c, 'open', f => f.node !== welcome.node, 20000);
  // Node 2 runs its own simulator, so the seq the client resumes with may be ahead of node 2's:
  // the server then leaves BTC-USD out of the snapshot and holds it back for up to 5 s before it
  // sends its own (docs/protocol.md, resume). Data for BTC-USD must come back either way.
  const resnap = next(c, 'snapshot', () => true, 25000);
  const recandles = next(c, 'candles', isBtc1s, 25000);
  const sentBefore = sent.length;
  console.log('STOP-FIRST');
  await next(c, 'close', () => true, 20000);
  check(true, 'close event when node 1 stops');
  const welcome2 = await reopened;
  check(welcome2.node !== welcome.node, 'failed over to ' + welcome2.node);
  await resnap;
  const resub = sent.filter(o => o.op === 'subscribe').at(-1);
  check(resub.symbols.join() === 'BTC-USD' && resub.intervalMs === 100, 'resubscribed with the same symbols and interval');
  check(resub.since?.['BTC-USD'] >= lastSeq, 'resubscribe carries since: ' + JSON.stringify(resub.since));
  await next(c, 'update', f => f.ticks.some(t => t.symbol === 'BTC-USD'), 20000);
  check(true, 'updates from node 2');
  const restored = await recandles;
  check(restored.candles.length > 0, 'the candle stream is restored: a `candles` event with node 2\'s history');
  check(JSON.stringify(sent.slice(sentBefore).filter(o => o.op === 'candles').map(({id, ...o}) => o))
    === JSON.stringify([{op: 'candles', symbol: 'BTC-USD', tf: '1s', limit: 50}]),
    'only the live stream is asked for again (not the uncandled or refused ones), with its limit');
  await next(c, 'candle', isBtc1s, 5000);
  check(true, 'candle events from node 2');
  c.close();
  check(!frames.some(({e, f}) => e === 'error' && !['UNKNOWN_SYMBOL', 'BAD_REQUEST'].includes(f.code)), 'no other errors');

  // --auth jwt: 3-second tokens from a token function; the client must refresh them before they expire.
  const b64 = o => Buffer.from(JSON.stringify(o)).toString('base64url');
  let issued = 0;
  const token = async () => {
    issued++;
    const now = Math.floor(Date.now() / 1000);
    const unsigned = b64({alg: 'HS256', typ: 'JWT'}) + '.' + b64({sub: 'node-test', iat: now, exp: now + 3, symbols: ['BTC-USD']});
    return unsigned + '.' + createHmac('sha256', secret).update(unsigned).digest('base64url');
  };
  const j = new TickerClient({urls: [jwtUrl], token, WebSocket: RecordingWebSocket});
  const jerrors = [];
  j.on('error', f => jerrors.push(f));
  const authed = next(j, 'authed');
  await j.connect();
  check((await authed).sub === 'node-test', 'authed from the token function before connect() resolves');
  await j.subscribe(['BTC-USD'], {intervalMs: 100});
  const firstExpiry = Date.now() + 3000;
  await next(j, 'authed', () => true, 5000);
  check(issued >= 2, 'the token was refreshed before it expired (' + issued + ' tokens)');
  await new Promise(r => setTimeout(r, Math.max(0, firstExpiry + 500 - Date.now())));
  await next(j, 'update', f => f.ticks.some(t => t.symbol === 'BTC-USD'), 3000);
  check(jerrors.length === 0 && j.ready, 'updates go on past the first token\'s expiry, no errors: ' + JSON.stringify(jerrors));
  j.close();
  log('PASS');
  process.exit(0);
} catch (e) {
  fail(e.stack || String(e));
}
