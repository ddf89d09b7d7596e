// Notifications: GET /api/v1/notifications; each threshold or reset notification the job recorded,
// with its webhook delivery attempts.
import { el, api, fmt, fmtTime, state, errorState, RANGES, resolveRange, options } from './lib.js';

const TYPES = [['', 'any'], ['io.meterflow.notification.threshold', 'threshold'], ['io.meterflow.notification.reset', 'reset']];

export function render(root, params) {
  const sel = { range: params.get('range') || '24h', type: params.get('type') || '', meter: params.get('meter') || '',
    subject: params.get('subject') || '', from: params.get('from') || '', to: params.get('to') || '' };
  const rangeSel = el('select', { id: 'ntf-range' });
  options(rangeSel, RANGES.map(r => [r[0], r[1]]), sel.range);
  const fromIn = el('input', { id: 'ntf-from', value: sel.from, placeholder: '2026-01-01T00:00:00Z', size: 22 });
  const toIn = el('input', { id: 'ntf-to', value: sel.to, placeholder: '2026-01-02T00:00:00Z', size: 22 });
  const custom = el('span', { class: 'custom', hidden: sel.range !== 'custom' }, el('label', {}, 'From', fromIn), ' ', el('label', {}, 'To', toIn));
  const typeSel = el('select', { id: 'ntf-type' });
  options(typeSel, TYPES, sel.type);
  const meterSel = el('select', { id: 'ntf-meter' });
  const subjectIn = el('input', { id: 'ntf-subject', value: sel.subject, placeholder: 'any', size: 18 });
  const form = el('form', { class: 'filters', id: 'ntf-form' }, el('label', {}, 'Time range', rangeSel), custom,
    el('label', {}, 'Type', typeSel), el('label', {}, 'Meter', meterSel), el('label', {}, 'Subject', subjectIn),
    el('button', { type: 'submit', class: 'primary' }, 'Show'));
  const list = el('div', { id: 'ntf-list', 'aria-live': 'polite' });
  root.append(el('h1', { text: 'Notifications' }), form, list);
  rangeSel.addEventListener('change', () => { custom.hidden = rangeSel.value !== 'custom'; });

  function delivery(n) {
    if (!n.deliveries.length) return 'not attempted';
    const byUrl = new Map();
    for (const a of n.deliveries) byUrl.set(a.url, a); // ordered by attempt: the last one wins
    return [...byUrl.values()].map(a => `${a.outcome} after ${a.attempt} attempt${a.attempt > 1 ? 's' : ''}`
      + (a.statusCode === null ? '' : ` (HTTP ${a.statusCode})`)).join('; ');
  }

  async function run() {
    sel.range = rangeSel.value; sel.type = typeSel.value; sel.meter = meterSel.value; sel.subject = subjectIn.value.trim();
    sel.from = fromIn.value.trim(); sel.to = toIn.value.trim();
    const u = new URLSearchParams({ range: sel.range, type: sel.type, meter: sel.meter, subject: sel.subject });
    if (sel.range === 'custom') { u.set('from', sel.from); u.set('to', sel.to); }
    history.replaceState(null, '', `#/notifications?${u}`);
    const [from, to] = resolveRange(sel.range, sel.from, sel.to);
    const q = new URLSearchParams({ from, to, limit: '200' });
    if (sel.type) q.set('type', sel.type);
    if (sel.meter) q.set('meter', sel.meter);
    if (sel.subject) q.set('subject', sel.subject);
    list.replaceChildren(state('', 'Loading…'));
    let res;
    try {
      res = await api(`/api/v1/notifications?${q}`);
    } catch (e) {
      list.replaceChildren(errorState(e, 'notifications'));
      return;
    }
    if (!res.notifications.length) {
      list.replaceChildren(state('green', 'No notifications match. Rules are configured under notifications: in the config; '
        + 'widen the range or clear filters to see older ones.', 'ntf-empty'));
      return;
    }
    list.replaceChildren(el('h2', { text: `${res.notifications.length.toLocaleString()} notifications (newest first)` }),
      el('div', { class: 'table-wrap' }, el('table', { id: 'ntf-table' },
        el('thead', {}, el('tr', {}, ...['Recorded at', 'Type', 'Rule', 'Subject', 'Meter', 'Threshold', 'Usage / limit', 'Period from',
          'Webhook'].map(h => el('th', { text: h })))),
        el('tbody', {}, res.notifications.map(n => el('tr', { 'data-id': n.id },
          el('td', { text: fmtTime(n.createdAt) }), el('td', { text: n.type.endsWith('.reset') ? 'reset' : 'threshold' }),
          el('td', { text: n.rule }), el('td', { text: n.subject }), el('td', { text: n.meter }),
          el('td', { text: n.threshold ?? '–' }),
          el('td', { class: 'num', text: `${fmt(Number(n.usage))} / ${n.limit === null ? 'no limit' : fmt(Number(n.limit))}` }),
          el('td', { text: fmtTime(n.periodStart) }), el('td', { class: 'delivery', text: delivery(n) })))))));
  }

  form.addEventListener('submit', ev => { ev.preventDefault(); run(); });
  (async () => {
    let meters = [];
    try { meters = await api('/api/v1/meters'); } catch (e) { /* the list shows the error */ }
    options(meterSel, [['', 'any'], ...meters.map(m => [m.slug, m.slug])], sel.meter);
    run();
  })();
}
