// The live watchlist table. Ticks are only queued here (latest per symbol); render() applies them once
// per animation frame, paints only rows that are on screen and touches only the cells whose text
// changed, so 1,000 symbols at 100 ms stay smooth: the cost is bounded by what the screen shows, not by
// how many ticks the server sends. Rows scrolled out of view keep their latest tick and catch up when
// they scroll back in.

const FLASH_MS = 600;
const SPARK_WINDOW_MS = 5 * 60 * 1000;   // sparklines show the last five minutes
const SPARK_REDRAW_MS = 1000;            // a 24 px line does not need more than one redraw a second
const SPARK_BUDGET = 120;                // sparkline redraws per frame, so one frame never stalls
const SORT_EVERY_MS = 1000;              // re-sorting more often makes rows jump under the pointer
const FIELDS = ['price', 'change', 'changePct', 'bid', 'ask', 'high', 'low', 'volume'];
const compact = new Intl.NumberFormat('en', {notation: 'compact', maximumFractionDigits: 2});

export class Watchlist {
  /**
   * @param {HTMLTableElement} table
   * @param {{accepts: function(string): boolean, onSelect: function(string), onRemove: function(string)}} hooks
   */
  constructor(table, hooks) {
    this.table = table;
    this.tbody = table.tBodies[0];
    this.hooks = hooks;
    this.rows = new Map();      // symbol -> row state
    this.pending = new Map();   // symbol -> latest tick not yet on screen
    this.names = new Map();     // symbol -> {name, kind}
    this.flashing = new Set();
    this.sparkDirty = new Set();
    this.catchUp = new Set();   // rows that came into view with ticks not yet painted
    this.sortKey = null;
    this.sortDir = -1;
    this.sortedAt = 0;
    this.orderDirty = false;
    this.selected = null;
    // Rows out of view are neither painted nor get sparklines until they come back.
    this.visibility = new IntersectionObserver(entries => {
      for (const e of entries) {
        const row = this.rows.get(e.target.dataset.symbol);
        if (!row) continue;
        row.visible = e.isIntersecting;
        if (row.visible) {
          this.catchUp.add(row);
          if (row.history.t.length) this.sparkDirty.add(row);
        }
      }
    }, {rootMargin: '200px 0px'});
    this.tbody.addEventListener('click', e => this.onClick(e));
    table.tHead.addEventListener('click', e => {
      const th = e.target.closest('th[data-sort]');
      if (th) this.sortBy(th.dataset.sort);
    });
  }

  /** Queues ticks; the newest per symbol wins (the server already coalesces, this covers frames between paints). */
  push(ticks) {
    for (const t of ticks) this.pending.set(t.symbol, t);
  }

  setNames(infos) {
    for (const info of infos) this.names.set(info.symbol, info);
    for (const row of this.rows.values()) this.fillName(row);
  }

  /** A row, created on first sight (an explicit watchlist creates rows before their first tick). */
  ensureRow(symbol) {
    let row = this.rows.get(symbol);
    if (row) return row;
    const tr = document.createElement('tr');
    tr.dataset.symbol = symbol;
    tr.innerHTML =
      '<td class="sym"><span class="symbol"></span><span class="kind"></span></td><td class="name"></td>' +
      FIELDS.map(f => `<td class="num ${cssName(f)}"></td>`).join('') +
      '<td class="spark"><canvas width="96" height="24"></canvas></td>' +
      '<td class="actions"><button type="button" class="remove" title="Remove from watchlist">×</button></td>';
    tr.querySelector('.symbol').textContent = symbol;
    tr.querySelector('.remove').setAttribute('aria-label', 'Remove ' + symbol);
    const cells = {};
    for (const f of FIELDS) cells[f] = tr.querySelector('.' + cssName(f));
    // `visible` starts false: the observer reports every new row once, and in-view rows then catch up.
    row = {symbol, tr, cells, shown: {}, latest: null, tick: null, price: NaN, dir: '', visible: false, flashUntil: 0,
      spark: tr.querySelector('canvas'), sparkAt: 0, history: {t: [], p: []}};
    this.fillName(row);
    if (symbol === this.selected) tr.classList.add('selected');
    this.rows.set(symbol, row);
    this.tbody.appendChild(tr);
    this.visibility.observe(tr);
    this.orderDirty = true;
    return row;
  }

  removeRow(symbol) {
    const row = this.rows.get(symbol);
    this.pending.delete(symbol);
    if (!row) return;
    this.visibility.unobserve(row.tr);
    row.tr.remove();
    this.rows.delete(symbol);
    this.flashing.delete(row);
    this.sparkDirty.delete(row);
    this.catchUp.delete(row);
  }

  scrollTo(symbol) {
    this.rows.get(symbol)?.tr.scrollIntoView({block: 'nearest'});
  }

  select(symbol) {
    this.rows.get(this.selected)?.tr.classList.remove('selected');
    this.selected = symbol;
    this.rows.get(symbol)?.tr.classList.add('selected');
  }

  history(symbol) {
    return this.rows.get(symbol)?.history;
  }

  sortBy(key) {
    this.sortDir = this.sortKey === key ? -this.sortDir : (key === 'symbol' ? 1 : -1);
    this.sortKey = key;
    for (const th of this.table.tHead.querySelectorAll('th[data-sort]')) {
      th.removeAttribute('aria-sort');
      if (th.dataset.sort === key) th.setAttribute('aria-sort', this.sortDir > 0 ? 'ascending' : 'descending');
    }
    this.orderDirty = true;
    this.sortedAt = 0;
  }

  /** One paint: applies queued ticks, ends flashes, redraws a bounded number of sparklines, re-sorts. */
  render(now) {
    if (this.pending.size) {
      for (const tick of this.pending.values()) {
        if (!this.hooks.accepts(tick.symbol)) continue; // a frame in flight for a just-removed symbol
        const row = this.ensureRow(tick.symbol);
        this.ingest(row, tick);
        if (row.visible) this.paint(row, now, true);
      }
      this.pending.clear();
    }
    for (const row of this.catchUp) {
      if (row.latest !== row.tick) this.paint(row, now, false); // no flash: the change was not seen live
    }
    this.catchUp.clear();
    for (const row of this.flashing) {
      if (row.flashUntil <= now) {
        row.cells.price.classList.remove('flash-up', 'flash-down');
        this.flashing.delete(row);
      }
    }
    let budget = SPARK_BUDGET;
    for (const row of this.sparkDirty) {
      if (budget === 0) break;
      if (!row.visible || now - row.sparkAt < SPARK_REDRAW_MS) continue;
      drawSparkline(row.spark, row.history);
      row.sparkAt = now;
      this.sparkDirty.delete(row);
      budget--;
    }
    if (this.sortKey && this.orderDirty && now - this.sortedAt >= SORT_EVERY_MS) this.sort(now);
  }

  /** Bookkeeping every tick needs, on screen or not: latest value, sparkline history, sort order. */
  ingest(row, tick) {
    row.latest = tick;
    record(row.history, tick.ts, Number(tick.price));
    this.sparkDirty.add(row);
    if (this.sortKey) this.orderDirty = true;
  }

  /** Writes the row's latest tick into its cells, touching only what changed. */
  paint(row, now, live) {
    const tick = row.latest;
    row.tick = tick;
    const shown = row.shown;
    for (const f of FIELDS) {
      const text = f === 'volume' ? formatVolume(tick.volume) : f === 'changePct' ? tick.changePct + '%' : tick[f];
      if (shown[f] !== text) {
        row.cells[f].textContent = text;
        shown[f] = text;
      }
    }
    const dir = String(tick.change).startsWith('-') ? 'down' : 'up';
    if (row.dir !== dir) {
      row.cells.change.className = 'num change ' + dir;
      row.cells.changePct.className = 'num change-pct ' + dir;
      row.dir = dir;
    }
    const price = Number(tick.price);
    if (live && !Number.isNaN(row.price) && price !== row.price) {
      const cls = price > row.price ? 'flash-up' : 'flash-down';
      const cl = row.cells.price.classList;
      cl.remove('flash-up', 'flash-down');
      cl.add(cls);
      row.flashUntil = now + FLASH_MS;
      this.flashing.add(row);
    }
    row.price = price;
  }

  sort(now) {
    this.sortedAt = now;
    this.orderDirty = false;
    const key = this.sortKey, dir = this.sortDir;
    const value = row => key === 'symbol' ? row.symbol : row.latest ? Number(row.latest[key]) : NaN;
    const rows = [...this.rows.values()].sort((a, b) => {
      const va = value(a), vb = value(b);
      if (key === 'symbol') return dir * va.localeCompare(vb);
      if (Number.isNaN(va) || Number.isNaN(vb)) return Number.isNaN(va) - Number.isNaN(vb); // empty rows last
      return dir * (va - vb);
    });
    // Move rows only when the order actually changed: re-appending 1,000 rows costs a full layout.
    const current = this.tbody.rows;
    if (rows.every((row, i) => current[i] === row.tr)) return;
    const fragment = document.createDocumentFragment();
    for (const row of rows) fragment.appendChild(row.tr);
    this.tbody.appendChild(fragment);
  }

  onClick(e) {
    const tr = e.target.closest('tr[data-symbol]');
    if (!tr) return;
    if (e.target.closest('button.remove')) this.hooks.onRemove(tr.dataset.symbol);
    else this.hooks.onSelect(tr.dataset.symbol);
  }

  fillName(row) {
    const info = this.names.get(row.symbol);
    if (!info) return;
    row.tr.dataset.kind = info.kind;
    row.tr.querySelector('.name').textContent = info.name;
    row.tr.querySelector('.kind').textContent = info.kind;
  }

  setStale(stale) {
    this.table.classList.toggle('stale', stale);
  }
}

/** Keeps one point per second (the last price in it) for the last few minutes: bounded memory per row. */
function record(history, ts, price) {
  const {t, p} = history;
  const second = Math.floor(ts / 1000);
  if (t.length && Math.floor(t[t.length - 1] / 1000) === second) {
    t[t.length - 1] = ts;
    p[p.length - 1] = price;
  } else {
    t.push(ts);
    p.push(price);
  }
  const cutoff = ts - SPARK_WINDOW_MS;
  let drop = 0;
  while (drop < t.length && t[drop] < cutoff) drop++;
  if (drop > 0) {
    t.splice(0, drop);
    p.splice(0, drop);
  }
}

function drawSparkline(canvas, {t, p}) {
  const ratio = window.devicePixelRatio || 1;
  const w = 96, h = 24;
  if (canvas.width !== w * ratio) {
    canvas.width = w * ratio;
    canvas.height = h * ratio;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  if (p.length < 2) return;
  let min = Infinity, max = -Infinity;
  for (const v of p) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const t0 = t[0], span = Math.max(1, t[t.length - 1] - t0), range = max - min || 1;
  ctx.beginPath();
  for (let i = 0; i < p.length; i++) {
    const x = ((t[i] - t0) / span) * (w - 2) + 1;
    const y = h - 2 - ((p[i] - min) / range) * (h - 4);
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.lineWidth = 1.25;
  ctx.strokeStyle = p[p.length - 1] >= p[0] ? '#3fb950' : '#f85149';
  ctx.stroke();
}

function formatVolume(volume) {
  const n = Number(volume);
  return Number.isFinite(n) ? compact.format(n) : String(volume);
}

function cssName(field) {
  return field.replace(/[A-Z]/g, c => '-' + c.toLowerCase());
}
