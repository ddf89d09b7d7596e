// Customers: each subject's usage in the current calendar month (UTC), per meter, from the query API; sortable.
// Where a subject has a limit (its own or the meter's default), the cell adds the usage status of the
// limit's current period: usage against limit and the thresholds already notified.
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
    // Usage against limits: only additive meters carry limits that notifications watch; bounded calls.
    const status = new Map();
    const limited = meters.filter(m => m.aggregation === 'COUNT' || m.aggregation === 'SUM');
    const pairs = [...bySubject.keys()].slice(0, 200).flatMap(s => limited.map(m => [s, m.slug]));
    await Promise.all(pairs.map(async ([s, m]) => {
      try {
        const r = await api(`/api/v1/subjects/${encodeURIComponent(s)}/usage/${encodeURIComponent(m)}`);
        if (r.limit !== null && r.limit !== undefined) status.set(`${s}\u0000${m}`, r);
      } catch (e) { /* no status: the cell shows the usage alone */ }
    }));
    const cell = (s, m, v) => {
      const st = status.get(`${s}\u0000${m}`);
      const td = el('td', { class: 'num', text: fmt(v ?? null) });
      if (st) {
        const pct = st.percentage === null ? '' : ` · ${Number(st.percentage).toLocaleString(undefined, { maximumFractionDigits: 1 })} %`;
        const crossed = st.thresholdsCrossed.length ? ` · crossed ${st.thresholdsCrossed.join(', ')}` : '';
        td.append(el('div', { class: 'limit' + (st.hasAccess ? '' : ' over'), 'data-limit': String(st.limit),
          text: `${fmt(Number(st.usage))} of ${fmt(Number(st.limit))} this ${String(st.period.unit).toLowerCase()}${pct}${crossed}`
            + (st.hasAccess ? '' : ' · at limit') }));
      }
      return td;
    };
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
        ...meters.map(m => cell(s, m.slug, v[m.slug]))))))));
      const b = out.querySelector(`th[aria-sort]:not([aria-sort=none]) button`);
      if (b && document.activeElement && document.activeElement.tagName === 'BODY') b.blur();
    };
    const keep = () => history.replaceState(null, '', `#/customers?${new URLSearchParams({ sort: sortBy, desc: desc ? '1' : '0' })}`);
    draw();
  })();
}
