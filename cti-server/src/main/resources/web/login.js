// The login every page shares (the supervisor dashboard /, the department inbox /inbox, the
// monthly bulletin /reports/monthly): one form with the same element ids on each page, one token
// per page kept in sessionStorage (never in a URL), and the one API helper that sends it and turns
// {"error": {"code", "message"}} into an ApiError. A page calls Login.start({...}) once loaded.
'use strict';

class ApiError extends Error {
  constructor(code, message) {
    super(message || code);
    this.code = code;
  }
}

const Login = (() => {
  let cfg = {
    key: 'hotline-cti', main: 'main', accept: () => null, onIn: () => {}, onOut: () => {},
  };
  const joined = { in: [], out: [] };
  const byId = (id) => document.getElementById(id);
  const tokenKey = () => cfg.key + '.token';
  const userKey = () => cfg.key + '.user';

  function token() {
    return sessionStorage.getItem(tokenKey());
  }

  /** {user, role, department} of whoever logged in on this page, or null. */
  function user() {
    try {
      return JSON.parse(sessionStorage.getItem(userKey()) || 'null');
    } catch (e) {
      return null;
    }
  }

  /**
   * Calls the API with this page's token. options: method, body (sent as JSON), accept (a media
   * type other than JSON: the answer's text is returned instead of parsed JSON).
   */
  async function api(path, options = {}) {
    const headers = { Accept: options.accept || 'application/json' };
    const t = token();
    if (t) headers.Authorization = 'Bearer ' + t;
    if (options.body) headers['Content-Type'] = 'application/json; charset=utf-8';
    const r = await fetch(path, {
      method: options.method || 'GET', headers, cache: 'no-store',
      body: options.body ? JSON.stringify(options.body) : undefined,
    });
    if (r.ok && options.accept) return r.text();
    const body = await r.json().catch(() => ({}));
    if (!r.ok) {
      if (r.status === 401 && path !== '/api/login') show('登录已过期，请重新登录');
      throw new ApiError(body.error?.code || 'http-' + r.status, body.error?.message);
    }
    return body;
  }

  function show(message) {
    cfg.onOut();
    joined.out.forEach((f) => f());
    sessionStorage.removeItem(tokenKey());
    byId(cfg.main).hidden = true;
    byId('logout').hidden = true;
    byId('who').textContent = '';
    byId('login-view').hidden = false;
    byId('login-error').textContent = message || '';
    byId('login-password').value = '';
    (byId('login-user').value ? byId('login-password') : byId('login-user')).focus();
  }

  function enter() {
    const u = user();
    byId('login-view').hidden = true;
    byId(cfg.main).hidden = false;
    byId('logout').hidden = false;
    byId('who').textContent = u ? u.user : '';
    cfg.onIn(u);
    joined.in.forEach((f) => f(u));
  }

  async function submit(event) {
    event.preventDefault();
    byId('login-error').textContent = '';
    byId('login-submit').disabled = true;
    try {
      const r = await api('/api/login', {
        method: 'POST', body: { user: byId('login-user').value.trim(), password: byId('login-password').value },
      });
      const refusal = cfg.accept(r);
      if (refusal) {
        byId('login-error').textContent = refusal;
        // This page will not use the session the server just opened: close it rather than leave it live.
        fetch('/api/logout', { method: 'POST', headers: { Authorization: 'Bearer ' + r.token } }).catch(() => {});
        return;
      }
      sessionStorage.setItem(tokenKey(), r.token);
      sessionStorage.setItem(userKey(), JSON.stringify({ user: r.user, role: r.role, department: r.department || null }));
      enter();
    } catch (e) {
      byId('login-error').textContent = e.code === 'bad-credentials' ? '用户名或密码错误' : '登录失败：' + e.message;
    } finally {
      byId('login-submit').disabled = false;
    }
  }

  async function logout() {
    try {
      await api('/api/logout', { method: 'POST' });
    } catch (e) {
      // the token is dropped here either way
    }
    show();
  }

  /**
   * options: key (sessionStorage prefix), main (id of what shows once logged in), accept(login
   * answer) → null or why this page refuses the role, onIn(user), onOut().
   */
  function start(options) {
    cfg = { ...cfg, ...options };
    byId('login-form').addEventListener('submit', submit);
    byId('logout').addEventListener('click', logout);
    if (token()) enter(); else show();
  }

  /** Another script on the page (e.g. kb.js in the inbox) follows login and logout too. */
  function follow(onIn, onOut) {
    if (onIn) joined.in.push(onIn);
    if (onOut) joined.out.push(onOut);
  }

  return { start, follow, api, user, token, show };
})();
