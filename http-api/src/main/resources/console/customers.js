// Customers: each subject's usage in the current calendar month (UTC), per meter, from the query API; sortable.
import { el, api, fmt, num, state, errorState } from './lib.js';

export function render(root, params) {
  const out = el('div', { id: 'customers-out', 'aria-live': 'polite' });
  const now = new Date();
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const to = new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();
  root.append(el('h1', { text: 'Customers' }),
    el('p', { class: 'muted', text: `Usage this month so far (${from.slice(0, 10)} to now, UTC), one row per subject.` }), out);
  let sortBy = params.get('sort') || 'subject';
  let desc = params.get('desc') === '1';

  (async () => {
    out.replaceChildren(state('', 'Loading…'));
    let meters;
    const bySubject = new Map();
    try {
      meters = await api('/api/v1/meters');
      const answers = await Promise.all(meters.map(m =>
        api(`/api/v1/meters/${encodeURIComponent(m.slug)}/query?${new URLSearchParams({ from, to })}`, { exact: true })));
      answers.forEach((res, i) => {
        for (const r of res.data) {
          if (!bySubject.has(r.subject)) bySubject.set(r.subject, {});
          bySubject.get(r.subject)[meters[i].slug] = r.value;
        }
      });
    } catch (e) {
      out.replaceChildren(errorState(e, 'customer usage'));
      return;
    }
    if (!bySubject.size) {
      out.replaceChildren(state('', 'No usage this month yet. Send events (POST /api/v1/events) and check the Pipeline page that the job commits.', 'customers-empty'));
      return;
    }
    const draw = () => {
      const rows = [...bySubject].sort((a, b) => {
        const c = sortBy === 'subject' ? a[0].localeCompare(b[0]) : (num(a[1][sortBy]) ?? -Infinity) - (num(b[1][sortBy]) ?? -Infinity);
        return desc ? -c : c;
      });
      const head = (key, label, cls) => el('th', { class: cls, 'aria-sort': sortBy === key ? (desc ? 'descending' : 'ascending') : 'none' },
        el('button', { type: 'button', onclick: () => { desc = sortBy === key ? !desc : key !== 'subject'; sortBy = key; keep(); draw(); } },
          label + (sortBy === key ? (desc ? ' ▼' : ' ▲') : '')));
      out.replaceChildren(el('div', { class: 'table-wrap' }, el('table', { id: 'customers-table' },
        el('thead', {}, el('tr', {}, head('subject', 'Subject'), ...meters.map(m => head(m.slug, m.slug, 'num')))),
        el('tbody', {}, rows.map(([s, v]) => el('tr', {}, el('td', {},
          el('a', { href: `#/usage?${new URLSearchParams({ meter: meters[0].slug, range: '30d', window: 'DAY', subject: s })}`, text: s })),
        ...meters.map(m => el('td', { class: 'num', text: fmt(v[m.slug] ?? null) }))))))));
      const b = out.querySelector(`th[aria-sort]:not([aria-sort=none]) button`);
      if (b && document.activeElement && document.activeElement.tagName === 'BODY') b.blur();
    };
    const keep = () => history.replaceState(null, '', `#/customers?${new URLSearchParams({ sort: sortBy, desc: desc ? '1' : '0' })}`);
    draw();
  })();
}
