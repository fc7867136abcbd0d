// The department's knowledge base in its inbox (R3, R6, R9, docs/knowledge-base.md): its entries
// (answer script 口径 and the policy documents behind it), added and edited here and searchable by
// agents as soon as they are saved; its expired documents, to clear; and the questions agents could
// not answer (wrap-up 未能解答), answered here, the answer made an entry with one click. The server
// decides what this user may touch (403 not-your-entry / not-your-question otherwise).
// Its own scope: the inbox's other scripts share the page.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const api = (path, options) => Login.api(path, options);
  const DOC_STATUS = { 'in-effect': '有效', expired: '已过期', pending: '未生效' };
  const REFUSAL = {
    'not-your-entry': '这不是本部门的条目（403）',
    'not-your-question': '这不是本部门的问题（403）',
    'missing-field': '请填写必填项',
    'bad-dates': '失效日期早于生效日期',
    'bad-date': '日期格式应为 年-月-日',
    'already-answered': '该问题已被答复',
    'wrong-department': '所选事项不属于本部门',
  };
  const state = { user: null, entries: [], departments: [], editing: null };

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function button(text, onClick, name) {
    const b = el('button', text);
    b.type = 'button';
    if (name) b.dataset.action = name;
    b.addEventListener('click', onClick);
    return b;
  }

  const refusal = (e) => (REFUSAL[e.code] ? REFUSAL[e.code] + '：' : e.code + '：') + e.message;
  const hotlineStaff = () => state.user && state.user.role !== 'department';
  const when = (iso) => (iso ? new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(new Date(iso)) : '');

  // -------------------------------------------------------------- loading

  async function start(u) {
    state.user = u;
    $('kb-department-label').hidden = !hotlineStaff();
    $('kb-form-department-label').hidden = !hotlineStaff();
    closeForm();
    await loadDepartments();
    await reload();
  }

  function stopAll() {
    state.user = null;
    closeForm();
  }

  async function loadDepartments() {
    try {
      state.departments = (await api('/api/departments')).departments || [];
    } catch (e) {
      state.departments = [];
    }
    for (const id of ['kb-department', 'kb-form-department']) {
      const sel = $(id);
      for (const d of state.departments) {
        if (![...sel.options].some((o) => o.value === d.code)) sel.append(new Option(d.name, d.code));
      }
    }
  }

  function department() {
    if (!hotlineStaff()) return state.user.department;
    return $('kb-department').value;
  }

  async function reload() {
    const q = department() && hotlineStaff() ? '?department=' + encodeURIComponent(department()) : '';
    try {
      const [entries, expired, questions] = await Promise.all([
        api('/api/kb/entries' + q), api('/api/kb/expired' + q), api('/api/kb/questions' + q)]);
      state.entries = entries.entries || [];
      $('kb-list-error').textContent = '';
      renderEntries();
      renderExpired(expired.expired || []);
      renderQuestions(questions.questions || []);
    } catch (e) {
      $('kb-list-error').textContent = '知识库加载失败：' + e.message;
    }
  }

  // -------------------------------------------------------------- entries

  function matches(e, f) {
    if (!f) return true;
    const hay = [e.name, e.answer, e.matterName, ...(e.documents || []).flatMap((d) => [d.title, d.number, d.issuer])];
    return hay.some((t) => t && t.toLowerCase().includes(f));
  }

  function renderEntries() {
    const f = $('kb-filter').value.trim().toLowerCase();
    const body = $('kb-entries').querySelector('tbody');
    body.replaceChildren();
    const shown = state.entries.filter((e) => matches(e, f));
    for (const e of shown) {
      const tr = el('tr');
      tr.dataset.id = e.entryId;
      const title = el('td', null, 'kb-title');
      title.append(el('strong', e.name), el('span', e.answer, 'text'));
      if (hotlineStaff()) title.append(el('span', e.departmentName || e.department, 'tag'));
      tr.append(title, el('td', e.matterName || '—'));
      const docs = el('td');
      for (const d of (e.documents || [])) {
        const line = el('div', null, 'kb-doc');
        line.append(el('span', d.title));
        if (d.number) line.append(el('span', d.number, 'muted'));
        line.append(el('span', DOC_STATUS[d.status] || d.status, 'tag' + (d.status === 'expired' ? ' urgent' : '')));
        docs.append(line);
      }
      if (!(e.documents || []).length) docs.textContent = '—';
      tr.append(docs, el('td', when(e.updatedAt) + ' ' + (e.updatedBy || ''), 'muted'));
      const act = el('td', null, 'actions');
      act.append(button('编辑', () => openForm(e), 'edit'));
      tr.append(act);
      body.append(tr);
    }
    $('kb-empty').hidden = shown.length > 0;
    $('kb-summary').textContent = '共 ' + state.entries.length + ' 条';
  }

  function matterOptions(dept) {
    const sel = $('kb-matter');
    const keep = sel.value;
    sel.replaceChildren(new Option('（不对应清单事项）', ''));
    const d = state.departments.find((x) => x.code === dept);
    for (const m of (d ? d.matters || [] : [])) sel.append(new Option(m.name + '（' + m.code + '）', m.code));
    sel.value = keep;
  }

  function docRow(d) {
    const row = el('fieldset', null, 'kb-docrow');
    const field = (name, label, type, value, attrs = {}) => {
      const l = el('label', label);
      const input = type === 'textarea' ? el('textarea') : el('input');
      if (type !== 'textarea') input.type = type;
      input.name = name;
      input.value = value || '';
      Object.assign(input, attrs);
      l.append(input);
      row.append(l);
    };
    field('title', '文件标题', 'text', d.title, { required: true, maxLength: 200 });
    field('issuer', '发文机关', 'text', d.issuer, { maxLength: 100 });
    field('number', '文号', 'text', d.number, { maxLength: 100 });
    field('effective', '生效日期', 'date', d.effective, { required: true });
    field('expires', '失效日期（可空）', 'date', d.expires);
    field('link', '链接', 'url', d.link, { maxLength: 500 });
    field('text', '正文或摘要', 'textarea', d.text);
    if (d.status) row.append(el('span', DOC_STATUS[d.status] || d.status, 'tag' + (d.status === 'expired' ? ' urgent' : '')));
    row.append(button('删除此文件', () => row.remove(), 'remove-doc'));
    $('kb-docs').append(row);
  }

  function openForm(e) {
    state.editing = e ? e.entryId : null;
    $('kb-form-title').textContent = e ? '编辑条目：' + e.name : '新增知识库条目';
    $('kb-error').textContent = '';
    const dept = e ? e.department : department() || (state.departments[0] || {}).code;
    $('kb-form-department').value = dept || '';
    $('kb-form-department').disabled = Boolean(e);
    matterOptions(dept);
    $('kb-title').value = e ? e.name : '';
    $('kb-matter').value = e && e.code ? e.code : '';
    $('kb-script').value = e ? e.answer : '';
    $('kb-docs').replaceChildren();
    for (const d of (e ? e.documents || [] : [])) docRow(d);
    $('kb-form').hidden = false;
    $('kb-title').focus();
  }

  function closeForm() {
    state.editing = null;
    $('kb-form').hidden = true;
  }

  function draft() {
    const docs = [...$('kb-docs').querySelectorAll('.kb-docrow')].map((row) => {
      const d = {};
      for (const input of row.querySelectorAll('input, textarea')) d[input.name] = input.value.trim() || null;
      return d;
    });
    const body = { title: $('kb-title').value.trim(), script: $('kb-script').value.trim(),
      matter: $('kb-matter').value || null, documents: docs };
    if (hotlineStaff()) body.department = $('kb-form-department').value;
    return body;
  }

  async function save(event) {
    event.preventDefault();
    $('kb-save').disabled = true;
    try {
      if (state.editing) await api('/api/kb/' + state.editing, { method: 'PUT', body: draft() });
      else await api('/api/kb', { method: 'POST', body: draft() });
      closeForm();
      await reload();
    } catch (e) {
      $('kb-error').textContent = refusal(e);
    } finally {
      $('kb-save').disabled = false;
    }
  }

  // -------------------------------------------------------------- expired documents (R6)

  function renderExpired(list) {
    const ul = $('kb-expired');
    ul.replaceChildren();
    for (const x of list) {
      const li = el('li');
      li.dataset.id = x.entry.entryId;
      li.append(el('strong', x.entry.name), el('span', '：' + x.expiredDocuments.join('、') + ' 已过期'));
      li.append(button('清理过期文件', () => clearExpired(x.entry.entryId, li), 'clear'));
      li.append(button('编辑', () => openForm(state.entries.find((e) => e.entryId === x.entry.entryId) || x.entry), 'edit'));
      ul.append(li);
    }
    $('kb-expired-empty').hidden = list.length > 0;
  }

  /** Clearing is an edit without the expired documents (docs/knowledge-base.md). */
  async function clearExpired(id, li) {
    try {
      const e = (await api('/api/kb/' + id)).entry;
      await api('/api/kb/' + id, { method: 'PUT', body: {
        department: e.department, matter: e.code, title: e.name, script: e.answer,
        documents: e.documents.filter((d) => d.status !== 'expired').map((d) => ({
          title: d.title, issuer: d.issuer, number: d.number, effective: d.effective, expires: d.expires,
          link: d.link, text: d.text })),
      } });
      await reload();
    } catch (e) {
      li.append(el('span', refusal(e), 'error'));
    }
  }

  // -------------------------------------------------------------- questions agents could not answer (R9)

  function renderQuestions(list) {
    const ul = $('kb-questions');
    ul.replaceChildren();
    for (const q of list) {
      const li = el('li', null, 'kb-question');
      li.dataset.id = q.id;
      li.append(el('strong', q.question));
      const d = state.departments.find((x) => x.code === q.department);
      const m = d && q.matter ? (d.matters || []).find((x) => x.code === q.matter) : null;
      li.append(el('span', [m ? m.name : q.matter, hotlineStaff() ? (d ? d.name : q.department) : null,
        '坐席 ' + (q.askedBy || ''), when(q.askedAt)].filter(Boolean).join(' · '), 'muted'));
      const form = el('form', null, 'kb-answer');
      const answer = el('textarea');
      answer.name = 'answer';
      answer.required = true;
      answer.placeholder = '答复内容（将告知坐席）';
      const make = el('label', null, 'inline');
      const box = el('input');
      box.type = 'checkbox';
      box.name = 'make-entry';
      box.checked = true;
      make.append(box, ' 同时生成知识库条目，标题：');
      const title = el('input');
      title.name = 'entry-title';
      title.value = q.question.length > 60 ? q.question.slice(0, 60) : q.question;
      title.maxLength = 200;
      make.append(title);
      const submit = el('button', '答复');
      submit.type = 'submit';
      const err = el('p', null, 'error');
      form.append(answer, make, submit, err);
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        submit.disabled = true;
        try {
          await api('/api/kb/questions/' + q.id + '/answer', { method: 'POST', body: {
            answer: answer.value.trim(), entryTitle: box.checked ? title.value.trim() : null } });
          await reload();
        } catch (e) {
          err.textContent = refusal(e);
        } finally {
          submit.disabled = false;
        }
      });
      li.append(form);
      ul.append(li);
    }
    $('kb-questions-empty').hidden = list.length > 0;
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('kb-new').addEventListener('click', () => openForm(null));
    $('kb-add-doc').addEventListener('click', () => docRow({}));
    $('kb-cancel').addEventListener('click', closeForm);
    $('kb-form').addEventListener('submit', save);
    $('kb-filter').addEventListener('input', renderEntries);
    $('kb-department').addEventListener('change', reload);
    $('kb-form-department').addEventListener('change', () => matterOptions($('kb-form-department').value));
  });
  Login.follow(start, stopAll);
})();
