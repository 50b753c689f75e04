// The access token for servers run with `--auth jwt` (SPEC: Access control), and the UI around it: the
// sign-in form and the "signed in as" field of the status bar. The token comes from the URL fragment
// `#token=…` (browsers never send a fragment to a server), else from this tab's sessionStorage, else from
// the user through the form. sessionStorage, unlike localStorage, ends with the tab.

const KEY = 'ticker.token';

export class SignIn {
  /**
   * @param {{onToken: function(string), onSignOut: function()}} hooks onToken: a token was entered;
   *   onSignOut: the user signed out (the token is already forgotten)
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.form = document.getElementById('sign-in');
    this.input = document.getElementById('token-input');
    this.reason = document.getElementById('sign-in-reason');
    this.field = document.getElementById('auth-field');
    this.form.addEventListener('submit', e => {
      e.preventDefault();
      const token = this.input.value.trim().replace(/^Bearer\s+/i, '');
      if (!token) return;
      this.input.value = '';
      this.save(token);
      this.hide();
      this.hooks.onToken(token);
    });
    document.getElementById('sign-out').addEventListener('click', () => {
      this.save(null);
      this.ask('You signed out. Paste a token to sign in again.');
      this.hooks.onSignOut();
    });
    this.takeFromFragment();
  }

  /** `#token=…` goes into sessionStorage and out of the address bar, so it is not bookmarked or shared. */
  takeFromFragment() {
    const params = new URLSearchParams(location.hash.slice(1));
    const token = params.get('token');
    if (token === null) return;
    params.delete('token');
    const rest = params.toString();
    history.replaceState(history.state, '', location.pathname + location.search + (rest ? '#' + rest : ''));
    if (token.trim()) this.save(token.trim());
  }

  token() {
    try {
      return sessionStorage.getItem(KEY) || this.memory || null;
    } catch {
      return this.memory || null; // storage disabled: the token lives as long as the page
    }
  }

  save(token) {
    this.memory = token;
    try {
      if (token) sessionStorage.setItem(KEY, token);
      else sessionStorage.removeItem(KEY);
    } catch { /* kept in memory only */ }
  }

  /** Shows the form instead of the data, with why it is needed. */
  ask(reason) {
    this.field.hidden = true;
    this.reason.textContent = reason;
    this.form.hidden = false;
    document.body.classList.add('needs-token');
    this.input.focus();
  }

  hide() {
    this.form.hidden = true;
    document.body.classList.remove('needs-token');
  }

  signedIn(sub, expiresAt) {
    this.hide();
    document.getElementById('auth-sub').textContent = sub;
    const until = new Date(expiresAt);
    const soon = expiresAt - Date.now() < 20 * 3600 * 1000;
    const expiry = document.getElementById('auth-expiry');
    expiry.textContent = 'until ' + (soon ? until.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'})
      : until.toLocaleString([], {dateStyle: 'medium', timeStyle: 'short'}));
    expiry.title = 'the token expires ' + until.toLocaleString();
    this.field.hidden = false;
  }
}
