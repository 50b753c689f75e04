// The "add symbol" search box over the `symbols` op result: matches symbol or name, shows name and
// kind, `*` means every symbol. Enter or a click picks; arrow keys move; Escape closes. Enter on text
// that matches nothing listed tries it as a symbol (with `--auth jwt` only granted symbols are listed).

const MAX_RESULTS = 30;

export class SymbolSearch {
  /**
   * @param {HTMLInputElement} input
   * @param {HTMLUListElement} list
   * @param {{symbols: function(): object[], isAdded: function(string): boolean, onPick: function(string)}} hooks
   */
  constructor(input, list, hooks) {
    this.input = input;
    this.list = list;
    this.hooks = hooks;
    this.matches = [];
    this.active = 0;
    input.addEventListener('input', () => this.update());
    input.addEventListener('focus', () => this.update());
    // Closing on blur is deferred so a click on a result lands first.
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    input.addEventListener('keydown', e => this.onKey(e));
    // mousedown, not click: it fires before the input's blur hides the list.
    list.addEventListener('mousedown', e => {
      const li = e.target.closest('li[data-symbol]');
      if (!li) return;
      e.preventDefault();
      this.pick(li.dataset.symbol);
    });
  }

  /** Re-renders the result list (also called when the symbol directory arrives). */
  update() {
    if (document.activeElement !== this.input) return;
    const q = this.input.value.trim().toLowerCase();
    const all = {symbol: '*', name: 'All symbols', kind: 'all'};
    const infos = this.hooks.symbols();
    let matches;
    if (!q) matches = [all, ...infos];
    else if (q === '*' || 'all symbols'.startsWith(q)) matches = [all];
    else {
      // Symbol prefix matches first, then anything containing the text in symbol or name.
      const prefix = [], rest = [];
      for (const info of infos) {
        const s = info.symbol.toLowerCase();
        if (s.startsWith(q)) prefix.push(info);
        else if (s.includes(q) || info.name.toLowerCase().includes(q)) rest.push(info);
      }
      matches = prefix.concat(rest);
    }
    this.matches = matches.slice(0, MAX_RESULTS);
    this.active = 0;
    this.renderList();
  }

  renderList() {
    this.list.replaceChildren(...this.matches.map((info, i) => {
      const li = document.createElement('li');
      li.dataset.symbol = info.symbol;
      li.setAttribute('role', 'option');
      if (i === this.active) li.classList.add('active');
      if (this.hooks.isAdded(info.symbol)) li.classList.add('added');
      for (const [cls, text] of [['s', info.symbol], ['n', info.name], ['k', info.kind]]) {
        const span = document.createElement('span');
        span.className = cls;
        span.textContent = text;
        li.appendChild(span);
      }
      return li;
    }));
    const open = this.matches.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
  }

  onKey(e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!this.matches.length) return;
      e.preventDefault();
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : -1) + this.matches.length) % this.matches.length;
      this.renderList();
      this.list.children[this.active]?.scrollIntoView({block: 'nearest'});
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const q = this.input.value.trim();
      const exact = this.hooks.symbols().find(s => s.symbol.toLowerCase() === q.toLowerCase());
      // Nothing listed matches: try the text as a symbol; the server says if it is unknown or not granted.
      const typed = /^[\w.:-]+$/.test(q) ? q.toUpperCase() : null;
      const choice = exact ? exact.symbol : this.matches[this.active]?.symbol ?? typed;
      if (choice) this.pick(choice);
    } else if (e.key === 'Escape') {
      this.close();
    }
  }

  pick(symbol) {
    this.input.value = '';
    this.close();
    this.hooks.onPick(symbol);
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
  }
}
