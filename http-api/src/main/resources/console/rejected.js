// Rejected events: GET /api/v1/rejected-events; a row opens its payload (as text), headers and Kafka coordinates.
import { el, api, fmt, fmtTime, state, errorState, RANGES, resolveRange, options } from './lib.js';

export function render(root, params) {
  const sel = { range: params.get('range') || '24h', reason: params.get('reason') || '', meter: params.get('meter') ?? '*',
    subject: params.get('subject') || '', from: params.get('from') || '', to: params.get('to') || '' };
  const rangeSel = el('select', { id: 'rej-range' });
  options(rangeSel, RANGES.map(r => [r[0], r[1]]), sel.range);
  const fromIn = el('input', { id: 'rej-from', value: sel.from, placeholder: '2026-01-01T00:00:00Z', size: 22 });
  const toIn = el('input', { id: 'rej-to', value: sel.to, placeholder: '2026-01-02T00:00:00Z', size: 22 });
  const custom = el('span', { class: 'custom', hidden: sel.range !== 'custom' }, el('label', {}, 'From', fromIn), ' ', el('label', {}, 'To', toIn));
  const reasonIn = el('input', { id: 'rej-reason', value: sel.reason, list: 'rej-reasons', placeholder: 'any', size: 18 });
  const reasons = el('datalist', { id: 'rej-reasons' });
  const meterSel = el('select', { id: 'rej-meter' });
  const subjectIn = el('input', { id: 'rej-subject', value: sel.subject, placeholder: 'any', size: 18 });
  const form = el('form', { class: 'filters', id: 'rej-form' }, el('label', {}, 'Time range', rangeSel), custom,
    el('label', {}, 'Reason', reasonIn), reasons, el('label', {}, 'Meter', meterSel), el('label', {}, 'Subject', subjectIn),
    el('button', { type: 'submit', class: 'primary' }, 'Show'));
  const counts = el('div', { id: 'rej-counts' });
  const list = el('div', { id: 'rej-list', 'aria-live': 'polite' });
  const detail = el('section', { id: 'rej-detail', 'aria-label': 'Rejected event', tabindex: '-1' });
  root.append(el('h1', { text: 'Rejected events' }), form, counts, list, detail);
  rangeSel.addEventListener('change', () => { custom.hidden = rangeSel.value !== 'custom'; });

  async function run() {
    sel.range = rangeSel.value; sel.reason = reasonIn.value.trim(); sel.meter = meterSel.value; sel.subject = subjectIn.value.trim();
    sel.from = fromIn.value.trim(); sel.to = toIn.value.trim();
    const u = new URLSearchParams({ range: sel.range, reason: sel.reason, meter: sel.meter, subject: sel.subject });
    if (sel.range === 'custom') { u.set('from', sel.from); u.set('to', sel.to); }
    history.replaceState(null, '', `#/rejected?${u}`);
    const [from, to] = resolveRange(sel.range, sel.from, sel.to);
    const q = new URLSearchParams({ from, to, limit: '200' });
    if (sel.reason) q.set('reason', sel.reason);
    if (sel.meter !== '*') q.set('meter', sel.meter);
    if (sel.subject) q.set('subject', sel.subject);
    list.replaceChildren(state('', 'Loading…'));
    detail.replaceChildren();
    let res;
    try {
      res = await api(`/api/v1/rejected-events?${q}`);
    } catch (e) {
      list.replaceChildren(errorState(e, 'rejected events'));
      counts.replaceChildren();
      return;
    }
    const c = Object.entries(res.countsByReason);
    reasons.replaceChildren(...c.map(([r]) => el('option', { value: r })));
    counts.replaceChildren(el('h2', { text: 'Counts by reason' }), c.length
      ? el('table', { id: 'rej-count-table' }, el('tbody', {}, c.map(([r, n]) => el('tr', {}, el('td', {},
        el('button', { type: 'button', onclick: () => { reasonIn.value = r; run(); } }, r)), el('td', { class: 'num', text: fmt(n) })))))
      : el('p', { class: 'muted', text: 'none in this range' }));
    // Counts over time: one row per hour (UTC) with rejections, one column per reason.
    const hours = [...new Set(res.countsOverTime.map(h => h.hour))];
    const byHour = new Map(res.countsOverTime.map(h => [`${h.hour}\u0000${h.reason}`, h.count]));
    if (hours.length) {
      counts.append(el('h3', { text: 'Per hour (UTC)' }), el('div', { class: 'table-wrap' }, el('table', { id: 'rej-hourly' },
        el('thead', {}, el('tr', {}, el('th', { text: 'Hour' }), ...c.map(([r]) => el('th', { class: 'num', text: r })))),
        el('tbody', {}, hours.map(h => el('tr', { 'data-hour': h }, el('td', { text: fmtTime(h) }),
          ...c.map(([r]) => el('td', { class: 'num', 'data-reason': r, text: fmt(byHour.get(`${h}\u0000${r}`) ?? 0) }))))))));
    }
    if (!res.events.length) {
      list.replaceChildren(state('green', 'No rejected events match: nothing was refused in this range. Widen the range or clear filters to see older ones.', 'rej-empty'));
      return;
    }
    const note = res.payloadsVisible ? null
      : state('', 'Payloads and headers are hidden: the server\'s reader login is not in meterflow_payload_reader.');
    list.replaceChildren(el('h2', { text: `${res.events.length.toLocaleString()} events (newest first)` }), note || '',
      el('div', { class: 'table-wrap' }, el('table', { id: 'rej-table' },
        el('thead', {}, el('tr', {}, ...['Rejected at', 'Reason', 'Meter', 'Subject', 'Event id', 'Kafka'].map(h => el('th', { text: h })))),
        el('tbody', {}, res.events.map((e, i) => {
          const tr = el('tr', { 'data-index': i },
            el('td', {}, el('button', { type: 'button', class: 'open', 'aria-label': `Open rejected event ${e.eventId ?? i}`,
              onclick: () => open(e, tr) }, fmtTime(e.rejectedAt))),
            el('td', { text: e.reason }), el('td', { text: e.meter || '(all)' }), el('td', { text: e.subject ?? '–' }),
            el('td', { text: e.eventId ?? '–' }), el('td', { text: `${e.topic}/${e.partition}@${e.offset}` }));
          return tr;
        })))));
  }

  function open(e, tr) {
    for (const r of list.querySelectorAll('tr.selected')) r.classList.remove('selected');
    tr.classList.add('selected');
    let payload = e.payload;
    if (payload !== null) {
      try { payload = JSON.stringify(JSON.parse(payload), null, 2); } catch (x) { /* shown as stored */ }
    }
    detail.replaceChildren(el('h2', { text: `Event ${e.eventId ?? '(no id)'}` }),
      el('dl', { class: 'kv' },
        ...[['Reason', e.reason], ['Detail', e.detail ?? '–'], ['Meter', e.meter || '(rejected before meter matching)'],
          ['Source', e.eventSource ?? '–'], ['Subject', e.subject ?? '–'], ['Topic', e.topic], ['Partition', e.partition],
          ['Offset', e.offset], ['Batch index', e.batchIndex], ['Kafka timestamp', fmtTime(e.kafkaTimestamp)],
          ['Rejected at', fmtTime(e.rejectedAt)], ['Payload size', e.payloadSize === null ? '–' : `${fmt(e.payloadSize)} bytes`]]
          .flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])),
      el('h3', { text: 'Payload' }),
      el('pre', { id: 'rej-payload', text: payload ?? '(not visible to this server\'s reader login)' }),
      el('h3', { text: 'Headers' }),
      el('pre', { id: 'rej-headers', text: e.headers ? JSON.stringify(e.headers, null, 2) : '(none or not visible)' }));
    detail.focus();
  }

  form.addEventListener('submit', ev => { ev.preventDefault(); run(); });
  (async () => {
    let meters = [];
    try { meters = await api('/api/v1/meters'); } catch (e) { /* the list shows the error */ }
    options(meterSel, [['*', 'any'], ['', '(before meter matching)'], ...meters.map(m => [m.slug, m.slug])], sel.meter);
    run();
  })();
}
