// Department inbox (部门工单, issue 10): a department's work orders with their deadlines and time
// left, and the actions its staff may take (R13–R16); the supervision office (营商环境监督局) sees
// the escalated ones (R15), hotline staff see all. Same login as the dashboard; every call goes to
// /api/workorders, which decides what this user may see and do (403 not-your-order otherwise).
'use strict';

const ZONE = 'Asia/Shanghai';
const REFRESH_MS = 15000;

const $ = (id) => document.getElementById(id);

const STATUS = {
  created: '待派发', dispatched: '待签收', returned: '已退回热线', signed: '办理中', completed: '已办结待反馈',
  'fed-back': '已反馈待评价', evaluated: '已评价', closed: '已关闭',
};
const STAGE = { dispatch: '派发', sign: '签收', complete: '办结', feedback: '反馈', evaluate: '评价' };
const EVALUATION = { satisfied: '满意', 'basically-satisfied': '基本满意', dissatisfied: '不满意' };
const CAUSE = {
  'overdue-sign': '签收超期', 'overdue-complete': '办结超期', 'overdue-feedback': '反馈超期', dissatisfied: '首次评价不满意',
};
const TRIGGER = {
  create: '创建', dispatch: '派发', sign: '签收', extend: '延期', complete: '办结', feedback: '反馈',
  evaluate: '评价', return: '退回', 'hand-over': '移交', close: '关闭', joint: '联合办理', plan: '长期建议计划',
  escalate: '督办',
};

/** The actions this page offers, with what each needs (docs/work-orders.md, POST /api/workorders/{id}/{action}). */
const ACTIONS = {
  sign: { label: '签收', title: '签收，并记录与企业联系的情况', fields: [
    { name: 'note', label: '联系情况（何时、以何种方式联系了企业，结果如何）', type: 'textarea', required: true }] },
  extend: { label: '申请延期', title: '申请延期（须说明理由，累计不超过 3 个工作日）', fields: [
    { name: 'reason', label: '延期理由', type: 'textarea', required: true },
    { name: 'workingDays', label: '延期工作日数', type: 'number', min: 1, max: 3, value: '1' }] },
  complete: { label: '办结', title: '办结，并填写办理结果', fields: [
    { name: 'result', label: '办理结果', type: 'textarea', required: true }] },
  feedback: { label: '反馈', title: '向企业反馈办理结果', fields: [
    { name: 'note', label: '反馈情况（何时、如何告知企业）', type: 'textarea', required: true }] },
  return: { label: '退回', title: '退回热线：不属于本单位职责', fields: [
    { name: 'reason', label: '退回理由（应由哪一级、哪个单位办理）', type: 'textarea', required: true }] },
  dispatch: { label: '派发', title: '派发给承办部门', fields: [
    { name: 'department', label: '承办部门', type: 'department' }] },
  evaluate: { label: '回访评价', title: '记录企业的评价', fields: [
    { name: 'evaluation', label: '企业评价', type: 'select', options: Object.entries(EVALUATION) }] },
  'hand-over': { label: '移交', title: '移交有关机关（严重损害营商环境或涉及违纪违法）', fields: [
    { name: 'body', label: '移交机关', type: 'text', required: true },
    { name: 'reason', label: '移交理由', type: 'textarea', required: true }] },
  close: { label: '关闭', title: '关闭工单', fields: [] },
};

const state = {
  orders: [], fetchedAt: 0, skewMs: 0, selected: null, action: null, departments: [], timer: null, ticker: null,
};

// ---------------------------------------------------------------- API and login (login.js)

const api = (path, options) => Login.api(path, options);
const user = () => Login.user();

// ---------------------------------------------------------------- the inbox

function hotlineStaff(u) {
  return u && u.role !== 'department';
}

function showInbox() {
  const u = user();
  $('who').textContent = u ? u.user + '（' + roleName(u) + '）' : '';
  $('to-dashboard').hidden = !(u && (u.role === 'supervisor' || u.role === 'admin'));
  $('filter-department-label').hidden = !hotlineStaff(u);
  $('scope').textContent = !u ? '' : u.role !== 'department' ? '热线工作人员：可查看全部部门的工单。'
    : u.department === 'yingshang' ? '营商环境监督局：本单位工单及全部已督办（超期或首次评价不满意，R15）的工单。'
    : '本部门的工单。签收须在时限内联系企业（R13），非工作时间的次紧急工单须于时限前联系企业（R2）。';
  if (hotlineStaff(u)) loadDepartments();
  load();
  stop();
  state.timer = setInterval(load, REFRESH_MS);
  state.ticker = setInterval(tick, 1000);
}

function stop() {
  clearInterval(state.timer);
  clearInterval(state.ticker);
}

function roleName(u) {
  return { department: u.department ? u.department + ' 部门' : '部门', agent: '坐席', supervisor: '值班长', admin: '管理员' }[u.role] || u.role;
}

async function loadDepartments() {
  try {
    const r = await api('/api/departments');
    state.departments = (r.departments || []).map((d) => ({ code: d.code, name: d.name }));
    const sel = $('filter-department');
    for (const d of state.departments) {
      if ([...sel.options].some((o) => o.value === d.code)) continue;
      sel.append(new Option(d.name, d.code));
    }
  } catch (e) {
    // The filter is a convenience; the list still loads.
  }
}

async function load() {
  const u = user();
  const q = new URLSearchParams({ status: $('filter-status').value });
  if (!$('filter-department-label').hidden && $('filter-department').value) q.set('department', $('filter-department').value);
  if ($('filter-overdue').checked) q.set('overdue', 'true');
  if ($('filter-escalated').checked) q.set('escalated', 'true');
  try {
    const r = await api('/api/workorders?' + q);
    state.orders = r.workOrders || [];
    state.fetchedAt = Date.now();
    // The server's clock, read off an order's deadline and seconds left (a test or a demo may run
    // the server on another clock than this browser's).
    const timed = state.orders.find((o) => o.deadline && o.secondsLeft !== null && o.secondsLeft !== undefined);
    if (timed) state.skewMs = Date.parse(timed.deadline) - timed.secondsLeft * 1000 - state.fetchedAt;
    const own = state.orders.find((o) => u && o.department === u.department && o.departmentName);
    if (own) $('who').textContent = own.departmentName + '（' + u.user + '）';
    $('orders-error').textContent = '';
    render();
    tick();
    if (state.selected) {
      const still = state.orders.find((o) => o.id === state.selected);
      if (still && !state.action) showDetail(still.id);
    }
  } catch (e) {
    $('orders-error').textContent = '工单加载失败：' + e.message;
  }
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

const fmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: ZONE, month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false,
});

function when(iso) {
  return iso ? fmt.format(new Date(iso)) : '—';
}

/** Seconds left by the server's clock: its secondsLeft at fetch, counted down since. */
function secondsLeft(o) {
  if (o.secondsLeft === null || o.secondsLeft === undefined) return null;
  return o.secondsLeft - Math.floor((Date.now() - state.fetchedAt) / 1000);
}

function duration(s) {
  const a = Math.abs(s);
  const d = Math.floor(a / 86400);
  const h = Math.floor((a % 86400) / 3600);
  const m = Math.floor((a % 3600) / 60);
  const text = d > 0 ? d + ' 天 ' + h + ' 小时' : h > 0 ? h + ' 小时 ' + m + ' 分' : m + ' 分 ' + (a % 60) + ' 秒';
  return s < 0 ? '已超期 ' + text : text;
}

function leftCell(o) {
  const s = secondsLeft(o);
  const td = el('td', s === null ? '—' : duration(s), 'num left');
  td.dataset.id = o.id;
  if (s !== null && (s < 0 || o.overdue)) td.classList.add('overdue');
  else if (s !== null && s < 3600) td.classList.add('soon');
  return td;
}

function stageName(o) {
  return o.stage ? (STAGE[o.stage] || o.stage) + '时限' : '';
}

function render() {
  const body = $('orders').querySelector('tbody');
  body.replaceChildren();
  let overdue = 0;
  for (const o of state.orders) {
    if (o.overdue) overdue++;
    const tr = el('tr');
    tr.dataset.id = o.id;
    if (o.id === state.selected) tr.classList.add('selected');
    const ref = el('a', o.id, 'ref');
    ref.href = '#' + o.id;
    ref.addEventListener('click', (ev) => { ev.preventDefault(); showDetail(o.id); });
    tr.append(el('td')); tr.lastChild.append(ref);
    const kind = el('td', o.kindName || o.kind);
    if (o.kind === 'off-hours-urgent') kind.classList.add('overdue-text');
    tr.append(kind);
    const desc = el('td', null, 'desc');
    desc.append(el('span', o.matterName || '（无事项）'));
    desc.append(el('span', o.description || '', 'text'));
    tr.append(desc);
    tr.append(el('td', o.caller || '—'));
    tr.append(el('td', o.departmentName || o.department || '—'));
    const st = el('td', STATUS[o.status] || o.status);
    if (o.escalated) st.append(el('span', '已督办', 'tag escalated'));
    if (o.extensionDays > 0) st.append(el('span', '已延期 ' + o.extensionDays + ' 天', 'tag'));
    tr.append(st);
    // The server's wording (今日 09:00 / 次日（12月1日 周二）09:00 / the date, R2), else the instant.
    const dl = el('td', o.dueText || (o.deadline ? when(o.deadline) : '—'), 'deadline');
    if (o.deadline) dl.title = when(o.deadline);
    if (o.deadline) dl.append(el('span', stageName(o), 'tag' + (o.overdue ? ' urgent' : '')));
    tr.append(dl);
    tr.append(leftCell(o));
    const act = el('td', null, 'actions');
    for (const a of (o.actions || [])) {
      if (!ACTIONS[a]) continue;
      const b = el('button', ACTIONS[a].label);
      b.type = 'button';
      b.dataset.action = a;
      b.addEventListener('click', () => { showDetail(o.id, a); });
      act.append(b);
    }
    tr.append(act);
    body.append(tr);
  }
  $('orders-empty').hidden = state.orders.length > 0;
  $('summary').textContent = '共 ' + state.orders.length + ' 件' + (overdue ? '，超期 ' + overdue + ' 件' : '');
}

function tick() {
  $('now').textContent = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' })
    .format(new Date(Date.now() + state.skewMs));
  for (const td of document.querySelectorAll('td.left')) {
    const o = state.orders.find((x) => x.id === td.dataset.id);
    if (!o) continue;
    const s = secondsLeft(o);
    if (s === null) continue;
    td.textContent = duration(s);
    td.classList.toggle('overdue', s < 0 || o.overdue);
    td.classList.toggle('soon', s >= 0 && s < 3600 && !o.overdue);
  }
}

// ---------------------------------------------------------------- one order

async function showDetail(id, action) {
  state.selected = id;
  for (const tr of $('orders').querySelectorAll('tbody tr')) tr.classList.toggle('selected', tr.dataset.id === id);
  let r;
  try {
    r = await api('/api/workorders/' + encodeURIComponent(id));
  } catch (e) {
    $('orders-error').textContent = '无法打开 ' + id + '：' + e.message;
    return;
  }
  const o = r.workOrder;
  $('detail').hidden = false;
  $('detail-title').textContent = o.id + ' · ' + (o.kindName || o.kind) + ' · ' + (STATUS[o.status] || o.status);
  const facts = $('detail-facts');
  facts.replaceChildren();
  const fact = (k, v) => { if (v !== null && v !== undefined && v !== '') { facts.append(el('dt', k), el('dd', v)); } };
  fact('承办部门', o.departmentName || o.department);
  fact('事项', o.matterName);
  fact('来电号码', o.caller);
  fact('诉求', o.description);
  fact('创建', when(o.createdAt) + '（' + (o.createdBy || '') + '）');
  fact('签收时限', o.signBy && when(o.signBy));
  fact('办结时限', o.completeBy && when(o.completeBy));
  fact('反馈时限', o.feedbackBy && when(o.feedbackBy));
  fact('办理结果', o.result);
  fact('反馈情况', o.feedbackNote);
  fact('企业评价', o.evaluation && EVALUATION[o.evaluation]);
  fact('移交', o.handedOverTo);
  fact('督办（营商环境监督局）', (o.escalations || []).map((e) => (CAUSE[e.cause] || e.cause) + ' ' + when(e.at)).join('；'));
  const trail = $('trail').querySelector('tbody');
  trail.replaceChildren();
  for (const t of (r.trail || [])) {
    const tr = el('tr');
    tr.append(el('td', when(t.at)), el('td', t.by || ''), el('td', triggerName(t.trigger) + '：'
      + (STATUS[t.from] || (t.from === 'none' ? '—' : t.from) || '—') + ' → ' + (STATUS[t.to] || t.to || '')), el('td', t.note || ''));
    trail.append(tr);
  }
  if (action && (o.actions || []).includes(action)) openAction(o, action);
  else closeAction();
}

/** "sign" → 签收; "escalate(overdue-sign)" → 督办（签收超期）. */
function triggerName(t) {
  const m = /^escalate\((.*)\)$/.exec(t || '');
  return m ? '督办（' + (CAUSE[m[1]] || m[1]) + '）' : (TRIGGER[t] || t);
}

function openAction(o, name) {
  const spec = ACTIONS[name];
  state.action = { id: o.id, name };
  $('action-title').textContent = spec.title;
  $('action-error').textContent = '';
  const box = $('action-fields');
  box.replaceChildren();
  for (const f of spec.fields) {
    const label = el('label', f.label);
    let input;
    if (f.type === 'textarea') {
      input = el('textarea');
    } else if (f.type === 'select' || f.type === 'department') {
      input = el('select');
      const options = f.type === 'select' ? f.options : departmentChoices(o);
      for (const [v, text] of options) input.append(new Option(text, v));
    } else {
      input = el('input');
      input.type = f.type;
      if (f.min !== undefined) input.min = f.min;
      if (f.max !== undefined) input.max = f.max;
      if (f.value !== undefined) input.value = f.value;
    }
    input.name = f.name;
    input.id = 'field-' + f.name;
    if (f.required) input.required = true;
    label.append(input);
    box.append(label);
  }
  $('action-submit').textContent = spec.label;
  $('action-form').hidden = false;
  const first = box.querySelector('textarea, input, select');
  if (first) first.focus();
}

/** Where a (returned) order may go: up or down the hierarchy first (R15), then every department. */
function departmentChoices(o) {
  const names = new Map(state.departments.map((d) => [d.code, d.name]));
  const codes = [...(o.redispatchTo || []), ...state.departments.map((d) => d.code)];
  return [...new Set(codes)].map((c) => [c, names.get(c) || c]);
}

function closeAction() {
  state.action = null;
  $('action-form').hidden = true;
}

async function submitAction(event) {
  event.preventDefault();
  if (!state.action) return;
  const { id, name } = state.action;
  const body = {};
  for (const f of ACTIONS[name].fields) {
    const v = $('field-' + f.name).value;
    body[f.name] = f.type === 'number' ? Number(v) : v.trim();
  }
  $('action-submit').disabled = true;
  try {
    await api('/api/workorders/' + encodeURIComponent(id) + '/' + name, { method: 'POST', body });
    closeAction();
    await load();
    await showDetail(id);
  } catch (e) {
    $('action-error').textContent = refusal(e);
  } finally {
    $('action-submit').disabled = false;
  }
}

function refusal(e) {
  return ({
    'not-your-order': '这不是本部门的工单（403）',
    'wrong-state': '工单当前状态不能进行此操作：' + e.message,
    'extension-limit': '延期已达上限（累计 3 个工作日，R13）',
    'reason-required': '请填写理由',
  }[e.code]) || (e.code + '：' + e.message);
}

document.addEventListener('DOMContentLoaded', () => {
  $('refresh').addEventListener('click', load);
  for (const id of ['filter-status', 'filter-department', 'filter-overdue', 'filter-escalated']) $(id).addEventListener('change', load);
  $('action-form').addEventListener('submit', submitAction);
  $('action-cancel').addEventListener('click', closeAction);
  tick();
  Login.start({
    key: 'hotline-cti.inbox',
    main: 'inbox',
    onIn: showInbox,
    onOut: () => { stop(); $('to-dashboard').hidden = true; },
  });
});
