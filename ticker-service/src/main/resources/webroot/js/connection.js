// Which nodes the dashboard connects to. The link itself (failover, backoff, auth, resubscribe, heartbeat)
// is TickerClient's (ticker-client.js), the same module any outside page or Node program uses.

/** The node URLs: `?nodes=ws://a:8080/ws,ws://b:8080/ws`, else this page's own origin. */
export function nodeUrls(search = location.search) {
  const param = new URLSearchParams(search).get('nodes');
  const urls = (param || '').split(',').map(s => s.trim()).filter(Boolean);
  if (urls.length) return urls;
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  return [scheme + location.host + '/ws'];
}
