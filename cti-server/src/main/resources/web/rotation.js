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
    constructor(code, message, details) {
      super(message || code);
      this.code = code;
      this.details = details;
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
    if (!r.ok) throw new RotationError(json.error?.code || 'http-' + r.status, json.error?.message, json.error?.details);
    return json;
  }

  /** What a refusal means to the person at the page, by the server's stable error id. */
  function said(e) {
    const known = {
      'outside-rotation-session': '当前不在轮值时段（每周二、周五 08:30–11:30，工作日）',
      'unknown-specialist': '该专员不在本场轮值名单（roster.yaml）',
      'wrong-department': '只能为本部门的专员签到',
      'bad-phone': '电话号码格式不对（如 13800000001、0469-4221234）',
      'bad-entity': '请填写市场主体名称或 18 位统一社会信用代码',
      'no-extension': '请填写先响的分机（本部门专员的分机）',
      'ami-disconnected': '电话系统未连接，请稍后再试',
      'bad-target-list': '名单有误，整份名单未保存，请改正后重新上传',
      'unknown-question': '问卷题目已更新，请刷新页面',
      'bad-policy': '请填写政策标题（100 字以内）和要点（500 字以内）',
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

  // ------------------------------------------------ calls: online interpretation, application help (R5)

  const CALL_STATUS = { dialling: '呼叫中', answered: '通话中', ended: '已结束' };
  const RESULTS = [['reached', '已解读/辅导'], ['no-answer', '无人接听'], ['wrong-number', '号码错误']];

  async function refreshCalls() {
    try {
      const r = await call('/api/rotation/calls');
      const body = $('rotation-calls');
      body.replaceChildren();
      r.calls.slice().reverse().forEach((c) => {
        const cell = el('td', {});
        if (c.result) {
          cell.append(c.resultLabel + (c.note ? '：' + c.note : ''));
        } else {
          const note = el('input', { size: '16', placeholder: '说明' });
          cell.append(note);
          RESULTS.forEach(([code, label]) => cell.append(el('button', { type: 'button', onclick: async () => {
            try {
              await call('/api/rotation/calls/' + c.id + '/result', { method: 'POST', body: { result: code, note: note.value } });
              refresh();
            } catch (e) { $('rotation-error').textContent = '记录失败：' + said(e); }
          } }, label)));
        }
        body.append(el('tr', {},
          el('td', {}, (c.entity || '') + (c.creditCode ? ' ' + c.creditCode : '')),
          el('td', {}, c.phone),
          el('td', {}, c.kindLabel),
          el('td', {}, (CALL_STATUS[c.status] || (c.status.startsWith('failed') ? '未接通' : c.status)) + ' ' + time(c.startedAt)),
          cell));
      });
    } catch (e) {
      $('rotation-error').textContent = '呼叫记录读取失败：' + said(e);
    }
  }

  async function placeCall(ev) {
    ev.preventDefault();
    const f = new FormData(ev.target);
    const body = {};
    f.forEach((v, k) => { if (String(v).trim()) body[k] = String(v).trim(); });
    try {
      await call('/api/rotation/current/calls', { method: 'POST', body });
      $('rotation-error').textContent = '';
      ev.target.reset();
      refreshCalls();
    } catch (e) {
      $('rotation-error').textContent = '拨打失败：' + said(e);
    }
  }

  document.addEventListener('rotation:session', refreshCalls);

  // ------------------------------------------------ policy push (R5, 平台信息推送)

  async function refreshPushes() {
    try {
      const r = await call('/api/rotation/pushes');
      const body = $('rotation-pushes');
      body.replaceChildren();
      r.pushes.slice().reverse().forEach((p) => {
        const detail = el('tr', { hidden: '' }, el('td', { colspan: '7' }, el('table', { class: 'table' },
          el('tbody', {}, p.messages.map((m) => el('tr', {},
            el('td', {}, '第 ' + m.row + ' 行'), el('td', {}, m.entity || m.creditCode), el('td', {}, m.phone),
            el('td', {}, m.statusLabel + (m.reason ? '：' + m.reason : ''))))))));
        const title = el('a', { href: '#', onclick: (e) => { e.preventDefault(); detail.hidden = !detail.hidden; } }, p.title);
        body.append(el('tr', {},
          el('td', {}, title), el('td', {}, p.fileName || ''), el('td', { class: 'num' }, p.targets),
          el('td', { class: 'num' }, p.counts.delivered), el('td', { class: 'num' }, p.counts.collected),
          el('td', { class: 'num' }, p.counts.queued), el('td', { class: 'num' }, p.counts.failed)), detail);
      });
    } catch (e) {
      $('rotation-error').textContent = '推送记录读取失败：' + said(e);
    }
  }

  function base64(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  async function pushPolicy(ev) {
    ev.preventDefault();
    const form = ev.target;
    const report = $('rotation-push-report');
    report.replaceChildren();
    const file = form.file.files[0];
    if (!file) return;
    try {
      const body = { title: form.title.value, text: form.text.value, fileName: file.name, csvBase64: await base64(file) };
      const r = await call('/api/rotation/current/pushes', { method: 'POST', body });
      report.append(el('li', { class: 'ok' }, '已向 ' + r.push.targets + ' 个市场主体排队推送'));
      form.reset();
      refreshPushes();
    } catch (e) {
      report.append(el('li', {}, '名单未保存：' + said(e)));
      (e.details?.rows || []).forEach((x) => report.append(el('li', {}, (x.row ? '第 ' + x.row + ' 行：' : '') + x.reason)));
    }
  }

  document.addEventListener('rotation:session', refreshPushes);

  // ------------------------------------------------ business-environment survey (R7)

  let surveyLoaded = false;

  async function loadSurvey() {
    if (surveyLoaded) return;
    try {
      const sv = await call('/api/rotation/survey');
      const box = $('rotation-survey-questions');
      box.replaceChildren();
      sv.questions.forEach((q) => {
        const input = q.type === 'choice'
          ? el('select', { name: 'q-' + q.id }, el('option', { value: '' }, '（未答）'), q.options.map((o) => el('option', { value: o }, o)))
          : el('input', { name: 'q-' + q.id, size: '40' });
        const later = el('input', { type: 'checkbox', name: 'later-' + q.id });
        const followUp = el('input', { name: 'follow-' + q.id, size: '30', placeholder: '需核实的问题（转工单）' });
        box.append(el('div', { class: 'survey-q' }, el('span', {}, q.text), input,
          el('label', { class: 'inline' }, later, '无法当场答复'), followUp));
      });
      surveyLoaded = true;
    } catch (e) {
      $('rotation-error').textContent = '问卷读取失败：' + said(e);
    }
  }

  async function submitSurvey(ev) {
    ev.preventDefault();
    const form = ev.target;
    const report = $('rotation-survey-report');
    report.replaceChildren();
    const f = new FormData(form);
    const answers = [];
    const ids = new Set([...f.keys()].filter((k) => k.startsWith('q-')).map((k) => k.slice(2)));
    ids.forEach((id) => {
      const later = f.get('later-' + id);
      const answer = String(f.get('q-' + id) || '').trim();
      const followUp = String(f.get('follow-' + id) || '').trim();
      if (later) answers.push({ question: id, followUp: followUp || '企业提出的问题需核实后答复' });
      else if (answer) answers.push({ question: id, answer });
    });
    const body = { answers };
    ['entity', 'creditCode', 'phone'].forEach((k) => { const v = String(f.get(k) || '').trim(); if (v) body[k] = v; });
    try {
      const r = await call('/api/rotation/current/surveys', { method: 'POST', body });
      report.append(el('li', { class: 'ok' }, '已记录 ' + r.answers.length + ' 题' +
        (r.workOrders.length ? '，转工单 ' + r.workOrders.map((o) => o.id + '（' + o.department + '）').join('、') : '')));
      form.reset();
      refresh();
    } catch (e) {
      report.append(el('li', {}, '问卷未保存：' + said(e)));
    }
  }

  document.addEventListener('rotation:session', loadSurvey);

  function start() {
    const section = $('rotation');
    if (!section) return;
    // The inbox shows and hides its board on login and logout: follow it rather than edit inbox.js.
    new MutationObserver(() => refresh()).observe($('inbox'), { attributes: true, attributeFilter: ['hidden'] });
    $('rotation-refresh').addEventListener('click', refresh);
    $('rotation-call-form').addEventListener('submit', placeCall);
    $('rotation-push-form').addEventListener('submit', pushPolicy);
    $('rotation-survey-form').addEventListener('submit', submitSurvey);
    rot.timer = setInterval(refresh, REFRESH_MS);
    refresh();
  }

  window.hotlineRotation = { call, said, el, refresh, user, time };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
