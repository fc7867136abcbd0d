// Rotation sessions on the department page (轮值, R4/R5; docs/rotation.md): the session in progress
// or the next one, its specialists on duty from roster.yaml with a 签到 button each, and the market
// entities served against 50. Kept apart from inbox.js (the work orders): it only shares the login
// the inbox stored in sessionStorage, and shows itself whenever the inbox does.
'use strict';

(() => {
  const TOKEN_KEY = 'hotline-cti.inbox.token';
  const USER_KEY = 'hotline-cti.inbox.user';
  const ZONE = 'Asia/Shanghai';
  const REFRESH_MS = 15000;
  const $ = (id) => document.getElementById(id);
  const rot = { session: null, timer: null };

  class RotationError extends Error {
    constructor(code, message) {
      super(message || code);
      this.code = code;
    }
  }

  function user() {
    return JSON.parse(sessionStorage.getItem(USER_KEY) || 'null');
  }

  async function call(path, options = {}) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = 'Bearer ' + token;
    let body = options.body;
    if (body !== undefined && !(body instanceof Blob) && typeof body !== 'string') {
      headers['Content-Type'] = 'application/json; charset=utf-8';
      body = JSON.stringify(body);
    } else if (options.type) {
      headers['Content-Type'] = options.type;
    }
    const r = await fetch(path, { method: options.method || 'GET', headers, cache: 'no-store', body });
    const json = await r.json().catch(() => ({}));
    if (!r.ok) throw new RotationError(json.error?.code || 'http-' + r.status, json.error?.message);
    return json;
  }

  /** What a refusal means to the person at the page, by the server's stable error id. */
  function said(e) {
    const known = {
      'outside-rotation-session': '当前不在轮值时段（每周二、周五 08:30–11:30，工作日）',
      'unknown-specialist': '该专员不在本场轮值名单（roster.yaml）',
      'wrong-department': '只能为本部门的专员签到',
    };
    return known[e.code] || e.message || e.code;
  }

  const time = (iso) => new Date(iso).toLocaleTimeString('zh-CN', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' });
  const date = (iso) => new Date(iso).toLocaleDateString('zh-CN', { timeZone: ZONE, month: 'long', day: 'numeric', weekday: 'short' });

  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs).forEach(([k, v]) => {
      if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    });
    children.flat().forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return e;
  }

  async function refresh() {
    if (!sessionStorage.getItem(TOKEN_KEY) || $('rotation').closest('[hidden]')) return;
    try {
      rot.session = (await call('/api/rotation/current')).session;
      $('rotation-error').textContent = '';
      render();
    } catch (e) {
      $('rotation-error').textContent = '轮值信息读取失败：' + said(e);
    }
  }

  function render() {
    const s = rot.session;
    const head = $('rotation-head');
    const duty = $('rotation-duty');
    head.replaceChildren();
    duty.replaceChildren();
    if (!s) {
      head.append('31 天内没有轮值场次');
      return;
    }
    head.append(
      el('strong', {}, date(s.start) + ' ' + time(s.start) + '–' + time(s.end)),
      el('span', { class: 'tag' + (s.inProgress ? ' urgent' : '') }, s.inProgress ? '进行中' : '下一场'),
      el('span', { class: 'rotation-count' + (s.met ? ' met' : '') }, '服务市场主体 ' + s.served + ' / ' + s.target),
      el('span', { class: 'muted' }, '已签到 ' + s.signedIn + ' 人'));
    const u = user();
    const mine = (d) => !u || u.role !== 'department' || u.department === d.department;
    (s.onDuty || []).forEach((d) => {
      const signIn = s.signIns.find((i) => i.specialist === d.specialist);
      const button = el('button', { type: 'button', class: 'rotation-sign-in', 'data-specialist': d.specialist }, '签到');
      button.disabled = !s.inProgress || !!signIn || !mine(d);
      button.addEventListener('click', () => signInAs(d.specialist, button));
      duty.append(el('tr', {},
        el('td', {}, d.specialist),
        el('td', {}, d.department),
        el('td', {}, d.extension),
        el('td', {}, signIn ? '已签到 ' + time(signIn.at) : '未签到'),
        el('td', {}, button)));
    });
    // Anyone who signed in without being on the roster's list (a department user as themself).
    s.signIns.filter((i) => !(s.onDuty || []).some((d) => d.specialist === i.specialist)).forEach((i) => {
      duty.append(el('tr', {}, el('td', {}, i.specialist), el('td', {}, i.department), el('td', {}, ''),
        el('td', {}, '已签到 ' + time(i.at)), el('td', {}, '')));
    });
    document.dispatchEvent(new CustomEvent('rotation:session', { detail: s }));
  }

  async function signInAs(specialist, button) {
    button.disabled = true;
    try {
      rot.session = (await call('/api/rotation/current/sign-in', { method: 'POST', body: { specialist } })).session;
      $('rotation-error').textContent = '';
      render();
    } catch (e) {
      $('rotation-error').textContent = '签到失败：' + said(e);
      button.disabled = false;
    }
  }

  function start() {
    const section = $('rotation');
    if (!section) return;
    // The inbox shows and hides its board on login and logout: follow it rather than edit inbox.js.
    new MutationObserver(() => refresh()).observe($('inbox'), { attributes: true, attributeFilter: ['hidden'] });
    $('rotation-refresh').addEventListener('click', refresh);
    rot.timer = setInterval(refresh, REFRESH_MS);
    refresh();
  }

  window.hotlineRotation = { call, said, el, refresh, user, time };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
