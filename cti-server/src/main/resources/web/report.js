// The monthly bulletin (通报, R18) as a page a supervisor prints or pastes into a bulletin:
// /reports/monthly?month=YYYY-MM. The bulletin is the server's (GET /api/reports/monthly with
// Accept: text/html: tables and inline SVG charts, no script); this page logs in (login.js), asks
// for it with the token, and shows it in place. Print CSS leaves only the bulletin on paper.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);

  function month() {
    const m = new URLSearchParams(location.search).get('month');
    if (m && /^\d{4}-\d{2}$/.test(m)) return m;
    const now = new Date();
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
      .format(now).slice(0, 7);
  }

  async function show() {
    const m = $('report-month').value || month();
    history.replaceState(null, '', '/reports/monthly?month=' + m);
    $('report-error').textContent = '';
    $('report-status').textContent = '加载中…';
    try {
      const html = await Login.api('/api/reports/monthly?month=' + encodeURIComponent(m), { accept: 'text/html' });
      const doc = new DOMParser().parseFromString(html, 'text/html');
      // The bulletin's styles come with it (inline <style>; this page's CSP allows inline styles, no inline script).
      for (const old of document.head.querySelectorAll('style[data-bulletin]')) old.remove();
      for (const st of doc.head.querySelectorAll('style')) {
        const copy = document.createElement('style');
        copy.dataset.bulletin = '';
        copy.textContent = st.textContent;
        document.head.append(copy);
      }
      document.title = doc.title || document.title;
      $('bulletin').replaceChildren(...[...doc.body.childNodes].map((n) => document.importNode(n, true)));
      $('report-status').textContent = '';
    } catch (e) {
      $('report-status').textContent = '';
      $('bulletin').replaceChildren();
      $('report-error').textContent = e.code === 'forbidden' ? '通报需要值班长或管理员账号' : '通报加载失败：' + e.message;
    }
  }

  async function csv() {
    const m = $('report-month').value || month();
    try {
      const text = await Login.api('/api/reports/monthly?month=' + encodeURIComponent(m), { accept: 'text/csv' });
      const a = document.createElement('a');
      // fetch's text() drops the BOM Excel needs to read UTF-8
      a.href = URL.createObjectURL(new Blob(['\uFEFF' + text], { type: 'text/csv;charset=utf-8' }));
      a.download = 'monthly-' + m + '.csv';
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (e) {
      $('report-error').textContent = 'CSV 下载失败：' + e.message;
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('report-month').value = month();
    $('report-form').addEventListener('submit', (ev) => { ev.preventDefault(); show(); });
    $('report-print').addEventListener('click', () => window.print());
    $('report-csv').addEventListener('click', csv);
    Login.start({
      key: 'hotline-cti.dashboard',
      main: 'report',
      accept: (r) => (r.role === 'supervisor' || r.role === 'admin' ? null : '通报需要值班长或管理员账号'),
      onIn: show,
    });
  });
})();
