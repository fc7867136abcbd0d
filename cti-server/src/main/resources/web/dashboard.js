// Supervisor dashboard (issue 6): today's figures against the hotline's targets (R1 95 %,
// R10 4 %, R12 90 %), missed calls and callbacks (R11), work orders (R13), transfers per
// department with the last dial-test (R8), the live queue and agents, and a half-hour chart.
// Plain ES2020, no framework and no CDN: the hotline's network has no internet. Live updates
// come over Server-Sent Events (/api/events); nothing here reloads the page.
'use strict';

const CHART_REFRESH_MS = 1000;
const AGENTS_POLL_MS = 10000;
const RECONNECT_MS = 3000;

const STATE_LABELS = { arrived: '接入中', queued: '排队中', ringing: '振铃中', talking: '通话中', ended: '已结束', unknown: '未知（节点断开）' };
const AGENT_LABELS = { idle: '空闲', 'in-call': '通话中', ringing: '振铃中', 'on-hold': '保持', offline: '离线', unknown: '未知',
  'not-in-queue': '未入队' };
const CAUSE_LABELS = {
  'no-answer': '无人接听', busy: '忙线', congestion: '线路拥塞', unavailable: '号码不可达', rejected: '被拒接',
  timeout: '超时', 'caller-gone': '来电方已挂机', 'pbx-unreachable': '交换机不可用',
};

const state = {
  stats: null, live: [], agents: null, dialtests: [], halfhours: null,
  zone: undefined, skewMs: 0, source: null, reconnectTimer: null, chartTimer: null, agentsTimer: null,
};

const $ = (id) => document.getElementById(id);

/** A DOM element with attributes and children; text goes in as text, never as HTML. */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === undefined || c === null) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

// ---------------------------------------------------------------- formatting

const pct = (x, digits = 1) => (x === null || x === undefined ? '—' : (x * 100).toFixed(digits) + '%');
const cause = (c) => (c ? CAUSE_LABELS[c] || c : '');

function clock(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: state.zone, hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(new Date(iso));
}

/** Month, day and time: a work order's deadline may be days away. */
function when(iso) {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: state.zone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(new Date(iso));
}

function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

const serverNow = () => Date.now() + state.skewMs;

// ---------------------------------------------------------------- API and login (login.js)

const api = (path, options) => Login.api(path, options);

async function showBoard() {
  try {
    const health = await api('/api/health');
    state.skewMs = Date.parse(health.time) - Date.now();
    // The chart's series carries the hotline's time zone, which every time on the page uses.
    await loadHalfHours();
    const [stats, live] = await Promise.all([api('/api/stats/today'), api('/api/calls/live')]);
    onLive(live);
    onStats(stats);
  } catch (e) {
    if (e.code === 'unauthorized') return;
  }
  loadDialTests();
  loadAgents();
  connect();
}

// ---------------------------------------------------------------- live updates

async function connect() {
  stopLive();
  if (!Login.token()) return Login.show();
  // The token never goes into a URL (logs, history): a single-use ticket that lives 30 s does.
  let ticket;
  try {
    ticket = (await api('/api/events/ticket', { method: 'POST' })).ticket;
  } catch (e) {
    if (e.code !== 'unauthorized') state.reconnectTimer = setTimeout(reconnect, RECONNECT_MS);
    return;
  }
  const source = new EventSource('/api/events?ticket=' + encodeURIComponent(ticket));
  state.source = source;
  source.addEventListener('open', () => setConnected(true));
  source.addEventListener('hello', () => { setConnected(true); loadDialTests(); scheduleChart(); });
  source.addEventListener('stats', (e) => { onStats(JSON.parse(e.data)); scheduleChart(); });
  source.addEventListener('live', (e) => onLive(JSON.parse(e.data)));
  source.addEventListener('transfer.result', scheduleChart);
  source.addEventListener('dialtest.result', loadDialTests);
  source.addEventListener('error', () => {
    setConnected(false);
    // EventSource retries by itself after a network error; it gives up (CLOSED) when the
    // server refuses the stream, e.g. an expired token: check it, then start again.
    if (source.readyState === EventSource.CLOSED) {
      source.close();
      state.reconnectTimer = setTimeout(reconnect, RECONNECT_MS);
    }
  });
  state.agentsTimer = setInterval(loadAgents, AGENTS_POLL_MS);
}

async function reconnect() {
  try {
    onStats(await api('/api/stats/today'));
    connect();
  } catch (e) {
    if (e.code !== 'unauthorized') state.reconnectTimer = setTimeout(reconnect, RECONNECT_MS);
  }
}

function stopLive() {
  if (state.source) state.source.close();
  state.source = null;
  clearTimeout(state.reconnectTimer);
  clearInterval(state.agentsTimer);
  setConnected(false);
}

function setConnected(on) {
  const c = $('conn');
  c.textContent = on ? '实时连接' : '连接中断，重连中…';
  c.className = 'conn ' + (on ? 'on' : 'off');
}

/** The chart is recomputed from the stores: at most once a second, however busy the floor is. */
function scheduleChart() {
  if (state.chartTimer) return;
  state.chartTimer = setTimeout(() => { state.chartTimer = null; loadHalfHours(); }, CHART_REFRESH_MS);
}

async function loadHalfHours() {
  try {
    state.halfhours = await api('/api/stats/halfhours');
    state.zone = state.halfhours.zone;
    renderChart();
  } catch (e) { /* the next update retries */ }
}

async function loadDialTests() {
  try {
    state.dialtests = (await api('/api/dialtests')).numbers || [];
    renderDepartments();
  } catch (e) { /* kept as it was */ }
}

async function loadAgents() {
  try {
    state.agents = (await api('/api/agents')).agents;
    $('agents-error').textContent = '';
  } catch (e) {
    state.agents = null;
    $('agents-error').textContent = '无法读取队列成员：' + e.message;
  }
  renderAgents();
}

function onStats(stats) {
  state.stats = stats;
  $('updated').textContent = '更新于 ' + new Intl.DateTimeFormat('zh-CN', {
    timeZone: state.zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }).format(new Date(serverNow()));
  $('today').textContent = stats.date;
  renderKpis();
  renderDepartments();
  renderEscalated();
}

const ESCALATION_LABELS = { 'overdue-sign': '超时未签收', 'overdue-complete': '超时未办结',
  'overdue-feedback': '超时未反馈', dissatisfied: '首次评价不满意' };
const STATUS_LABELS = { created: '待派单', dispatched: '待签收', returned: '退回待改派', signed: '办理中',
  completed: '待反馈', 'fed-back': '待评价', evaluated: '已评价', closed: '已办结' };

/** R15: open orders escalated to the business-environment supervision office, with why. */
function renderEscalated() {
  const w = state.stats.workOrders;
  if (!w) return;
  const body = $('escalated').tBodies[0];
  body.replaceChildren(...w.escalatedOrders.map((o) => el('tr', {},
    el('td', {}, o.id), el('td', {}, o.departmentName),
    el('td', { class: o.overdue ? 'overdue' : '' }, STATUS_LABELS[o.status] || o.status),
    el('td', {}, o.causes.map((c) => ESCALATION_LABELS[c] || c).join('、')),
    el('td', {}, o.deadline ? when(o.deadline) : '—'))));
  $('escalated-empty').hidden = w.escalatedOrders.length > 0;
  $('escalated-summary').textContent = w.escalatedOrders.length ? `${w.escalatedOrders.length} 件在办` : '';
}

function onLive(live) {
  state.live = (live.calls || []).filter((c) => c.state !== 'ended');
  renderLive();
  renderAgents();
  if (state.stats) renderKpis();
}

// ---------------------------------------------------------------- figures

function kpi(card, valueId, value, tone, sub) {
  $(valueId).textContent = value;
  $(card).className = 'kpi' + (tone ? ' ' + tone : '');
  if (sub !== undefined) $(valueId + '-sub').textContent = sub;
}

function renderKpis() {
  const s = state.stats;
  const t = s.targets || { transferConnectionRate: 0.95, threeWayShare: 0.04, directResolutionRate: 0.9 };
  // The stats count a call as answered when it ends; calls being talked now are answered too.
  const talking = state.live.filter((c) => c.state === 'talking').length;
  kpi('card-calls', 'kpi-calls', s.calls, '', `已接听 ${s.answered + talking}` + (talking ? `（通话中 ${talking}）` : ''));
  $('kpi-connection-sub').textContent = s.transferAttempts ? `接通 ${s.transferConnected} / 转接 ${s.transferAttempts}` : '今日暂无转接';
  kpi('card-connection', 'kpi-connection-rate', pct(s.transferConnectionRate),
    s.transferConnectionRate === null ? '' : s.transferConnectionRate >= t.transferConnectionRate ? 'good' : 'bad');
  const left = s.threeWayBudgetLeft;
  // R10: the last ended day's final share, flagged when it was above the cap.
  const y = s.threeWayLastDay;
  $('kpi-threeway-sub').textContent = `三方 ${s.threeWayCalls} 次，额度剩余 ${left} / ${s.threeWayBudget}`
    + (y && y.aboveCap ? `；⚠ ${y.date.slice(5)} 全天 ${pct(y.share)} 超过 4%` : '');
  kpi('card-threeway', 'kpi-threeway-share', pct(s.threeWayShare),
    s.threeWayShare > t.threeWayShare ? 'bad' : left <= 0 ? 'warn' : 'good');
  $('kpi-direct-sub').textContent = s.directResolutionRate === null ? '今日暂无小结' : '按坐席小结统计';
  kpi('card-direct', 'kpi-direct-rate', pct(s.directResolutionRate),
    s.directResolutionRate === null ? '' : s.directResolutionRate >= t.directResolutionRate ? 'good' : 'bad');
  kpi('card-missed', 'kpi-missed', s.missed, s.missed > 0 ? 'warn' : '');
  $('kpi-callbacks-pending').textContent = s.callbacksPending;
  $('kpi-callbacks-overdue').textContent = s.callbacksOverdue;
  $('kpi-callbacks-overdue').className = s.callbacksOverdue > 0 ? 'overdue' : '';
  $('card-callbacks').className = 'kpi' + (s.callbacksOverdue > 0 ? ' bad' : s.callbacksPending > 0 ? ' warn' : '');
  $('kpi-workorders-open').textContent = s.workOrdersOpen;
  $('kpi-workorders-overdue').textContent = s.workOrdersOverdue;
  $('kpi-workorders-overdue').className = s.workOrdersOverdue > 0 ? 'overdue' : '';
  $('card-workorders').className = 'kpi' + (s.workOrdersOverdue > 0 ? ' bad' : '');
  const wo = s.workOrders;
  if (wo) {
    // Overdue per stage (R18): 签收 / 办结 / 反馈, and how many went to the supervision office (R15).
    const st = wo.byStage;
    $('kpi-workorders-sub').textContent = `超期：签收 ${st.sign.overdue} · 办结 ${st.complete.overdue} · 反馈 ${st.feedback.overdue}`
      + (wo.escalated ? ` · 督办 ${wo.escalated}` : '');
  }
  renderRotation(s.rotation);
}

/** R4/R5: today's rotation session, distinct market entities served against the target of 50. */
function renderRotation(r) {
  if (!r) {
    kpi('card-rotation', 'kpi-rotation', '—', '', '今日无轮值');
    return;
  }
  const status = r.inProgress ? '进行中' : Date.parse(r.end) <= serverNow() ? '已结束' : '未开始';
  kpi('card-rotation', 'kpi-rotation', `${r.served} / ${r.target}`,
    r.met ? 'good' : r.inProgress ? 'warn' : Date.parse(r.end) <= serverNow() ? 'bad' : '',
    `${status} · 签到专家 ${r.signedIn} 人`);
}

function dialTestCell(code) {
  const numbers = state.dialtests.filter((n) => n.department === code);
  if (numbers.length === 0) return el('td', {}, '—');
  const td = el('td', { class: 'dialtest' });
  for (const n of numbers) {
    const r = n.latest;
    if (n.failing) {
      td.append(el('span', { class: 'badge flag', title: n.number }, `连续失败 ${n.failuresInARow} 次`), ' ');
    } else if (!r) {
      td.append(el('span', { class: 'muted', title: n.number }, '未拨测'), ' ');
    } else if (r.result === 'answered') {
      td.append(el('span', { class: 'badge ok', title: n.number }, `正常 ${clock(r.finishedAt)}`), ' ');
    } else {
      td.append(el('span', { class: 'badge fail', title: n.number }, `${cause(r.cause) || '失败'} ${clock(r.finishedAt)}`), ' ');
    }
  }
  return td;
}

function renderDepartments() {
  if (!state.stats) return;
  const body = $('departments').tBodies[0];
  body.replaceChildren(...(state.stats.departments || []).map((d) => el('tr',
    { 'data-dept': d.code, class: d.belowTarget ? 'below' : '' },
    el('td', { title: d.code }, d.name),
    el('td', { class: 'num attempts' }, d.attempts),
    el('td', { class: 'num connected' }, d.connected),
    el('td', { class: 'num rate' }, pct(d.rate)),
    el('td', { class: 'cause' }, cause(d.lastFailureCause) || '—'),
    dialTestCell(d.code))));
}

// ---------------------------------------------------------------- live calls and agents

const waiting = (c) => c.state === 'arrived' || c.state === 'queued' || c.state === 'ringing';
const since = (c) => (waiting(c) ? c.queuedAt || c.arrivedAt : c.answeredAt || c.arrivedAt);
const agentOf = (c) => c.agent || c.ringingAgent || '';

function renderLive() {
  const calls = [...state.live].sort((a, b) => (waiting(b) - waiting(a)) || Date.parse(since(a)) - Date.parse(since(b)));
  // Several Asterisk nodes (issue 14 item 6): each call says which node it is on.
  const severalNodes = new Set(calls.map((c) => c.node)).size > 1;
  $('live-calls').tBodies[0].replaceChildren(...calls.map((c) => el('tr',
    { 'data-call-id': c.id, 'data-state': c.state, 'data-node': c.node, class: waiting(c) ? 'waiting' : '' },
    el('td', { class: 'caller' }, c.caller, severalNodes ? el('span', { class: 'node' }, ' @' + c.node) : null),
    el('td', {}, STATE_LABELS[c.state] || c.state),
    el('td', {}, agentOf(c) || '—'),
    el('td', { class: 'num', 'data-since': since(c) }, duration(serverNow() - Date.parse(since(c)))))));
  $('live-empty').hidden = calls.length > 0;
  tick();
}

/** Once a second: wait and talk times move without any event from the server. */
function tick() {
  const now = serverNow();
  for (const td of document.querySelectorAll('#live-calls [data-since]')) {
    td.textContent = duration(now - Date.parse(td.dataset.since));
  }
  const queue = state.live.filter(waiting);
  const longest = queue.reduce((m, c) => Math.max(m, now - Date.parse(since(c))), 0);
  $('queue-summary').textContent = queue.length
    ? `排队 ${queue.length} 人，最长等待 ${duration(longest)}` : `排队 0 人 · 通话 ${state.live.length} 路`;
}

function renderAgents() {
  const byAgent = new Map();
  for (const c of state.live) if (agentOf(c)) byAgent.set(agentOf(c), c);
  // Without the PBX's queue list, the agents on live calls are still worth showing.
  const agents = state.agents || [...byAgent.keys()].map((ext) => ({ extension: ext, status: 'unknown', paused: false }));
  const list = agents.map((a) => {
    const call = byAgent.get(a.extension);
    let status = a.status;
    if (call) status = call.state === 'talking' ? 'in-call' : 'ringing';
    // The CTI pauses an agent with reason "not-ready" (agent protocol); other reasons are the PBX admin's words.
    // "disconnected": the CTI paused a configured member whose desktop went away (issue 11).
    const reason = a.pausedReason === 'disconnected' ? '（坐席端已断开）'
      : a.pausedReason && a.pausedReason !== 'not-ready' ? `（${a.pausedReason}）` : '';
    const paused = a.paused && !call && status !== 'offline';
    // A member with no desktop logged in (a = session false) gets calls nobody sees pop up: say so.
    const noDesk = a.session === false ? ' · 无坐席端' : '';
    const label = (paused ? '示忙' + reason : (AGENT_LABELS[status] || status) + (call ? ' ' + call.caller : '')) + noDesk;
    return el('li', { class: `agent ${paused ? 'paused' : status}`, 'data-agent': a.extension, 'data-status': status,
      'data-session': a.session === undefined ? '' : String(a.session) },
      el('div', { class: 'ext' }, a.extension),
      el('div', { class: 'st', title: label }, label));
  });
  $('agents').replaceChildren(...list);
  const busy = agents.filter((a) => byAgent.has(a.extension) || a.status === 'in-call').length;
  const idle = agents.filter((a) => !byAgent.has(a.extension) && a.status === 'idle' && !a.paused).length;
  $('agents-summary').textContent = `共 ${agents.length} · 通话 ${busy} · 空闲 ${idle}`;
}

// ---------------------------------------------------------------- chart

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function niceMax(v) {
  if (v <= 4) return 4;
  const step = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= v) return m * step;
  return 10 * step;
}

function renderChart() {
  const h = state.halfhours;
  if (!h) return;
  const W = 720, H = 200, L = 30, R = 8, T = 8, B = 22;
  const n = h.slots.length;
  const max = niceMax(Math.max(1, ...h.today.calls, ...h.lastWeek.calls, ...h.today.transfers, ...h.lastWeek.transfers));
  const slotW = (W - L - R) / n;
  const x = (i) => L + i * slotW;
  const y = (v) => T + (H - T - B) * (1 - v / max);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `每半小时来电与转接，${h.date} 对比 ${h.compareDate}` });
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    root.append(svg('line', { class: k ? 'gridline' : 'axis', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    root.append(svg('text', { x: L - 4, y: y(v) + 3, 'text-anchor': 'end' }, Number.isInteger(v) ? v : v.toFixed(1)));
  }
  h.slots.forEach((label, i) => {
    if (i % 4 === 0) root.append(svg('text', { x: x(i), y: H - 6, 'text-anchor': 'middle' }, label));
    const calls = h.today.calls[i];
    const transfers = h.today.transfers[i];
    if (calls) root.append(svg('rect', { class: 'bar-calls', x: x(i) + 1, width: slotW - 2, y: y(calls), height: y(0) - y(calls) }, undefined));
    if (transfers) root.append(svg('rect', { class: 'bar-transfers', x: x(i) + slotW * 0.3, width: slotW * 0.4, y: y(transfers), height: y(0) - y(transfers) }));
  });
  const line = (values, cls) => root.append(svg('polyline', {
    class: cls, points: values.map((v, i) => `${(x(i) + slotW / 2).toFixed(1)},${y(v).toFixed(1)}`).join(' '),
  }));
  line(h.lastWeek.calls, 'line-lastweek');
  line(h.lastWeek.transfers, 'line-lastweek-transfers');
  const nowSlot = currentSlot(h);
  if (nowSlot >= 0) root.append(svg('line', { class: 'now', x1: x(nowSlot + 0.5), x2: x(nowSlot + 0.5), y1: T, y2: H - B }));
  $('chart').replaceChildren(root);
  $('chart-totals').textContent = `今日来电 ${h.today.totalCalls}、转接 ${h.today.totalTransfers}；上周同日（${h.compareDate}）来电 ${h.lastWeek.totalCalls}、转接 ${h.lastWeek.totalTransfers}`;
}

function currentSlot(h) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: h.zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(serverNow()));
  const get = (t) => parts.find((p) => p.type === t).value;
  if (`${get('year')}-${get('month')}-${get('day')}` !== h.date) return -1;
  const hhmm = `${get('hour')}:${get('minute')}`;
  let i = -1;
  h.slots.forEach((s, k) => { if (s <= hhmm) i = k; });
  return i;
}

// ---------------------------------------------------------------- start

document.addEventListener('DOMContentLoaded', () => {
  setInterval(tick, 1000);
  Login.start({
    key: 'hotline-cti.dashboard',
    main: 'board',
    accept: (r) => (r.role === 'supervisor' || r.role === 'admin' ? null : '看板需要值班长或管理员账号'),
    onIn: showBoard,
    onOut: stopLive,
  });
});
