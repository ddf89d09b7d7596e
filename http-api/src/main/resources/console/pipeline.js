// Pipeline health from GET /api/v1/pipeline, refreshed every 5 s; red when commits stopped while events wait, or
// when the health cannot be read at all.
import { el, api, fmt, fmtTime, fmtAge, state, errorState } from './lib.js';

export function render(root) {
  const status = el('div', { id: 'pipeline-status', 'aria-live': 'polite' });
  const body = el('div', { id: 'pipeline-body' });
  root.append(el('h1', { text: 'Pipeline' }), status, body);
  let last = null;
  let timer = null;

  async function refresh() {
    let h;
    try {
      h = await api('/api/v1/pipeline');
    } catch (e) {
      status.replaceChildren(state('red', e.status === 503
        ? `Unknown state, treat as down: ${e.message}. Commits cannot be checked while PostgreSQL is unreachable; check the database and the job. Retrying every 5 s.`
        : errorState(e, 'pipeline health').textContent, 'pipeline-state'));
      // Numbers from before the failure would read as current: only say when the last good read was.
      body.replaceChildren(el('p', { class: 'muted', id: 'pipeline-stale',
        text: last ? `Last successful read: ${fmtTime(new Date(last.at).toISOString())}.` : 'No successful read yet.' }));
      last = null;
      return;
    }
    const now = Date.now();
    let rate = null;
    if (last && now > last.at) rate = (h.eventsRead - last.read) / ((now - last.at) / 1000);
    last = { at: now, read: h.eventsRead };
    const interval = h.checkpointIntervalSeconds;
    status.replaceChildren(h.stalled
      ? state('red', h.lastCommitAt
        ? `Stalled: no commit for ${fmtAge(h.lastCommitAgeSeconds).replace(' ago', '')} (more than 3 checkpoint intervals of ${fmt(interval)} s). Check that the job runs and that PostgreSQL accepts its commits.`
        : 'No commit yet: the job has not committed to this generation. Start the job (./meterflow run) or check its logs.', 'pipeline-state')
      : h.idle
        ? state('green', h.lastCommitAt
          ? `Idle and caught up: no new events since the last commit ${fmtAge(h.lastCommitAgeSeconds)}; every partition is read to its end.`
          : 'Idle: no events in the topic yet, so nothing to commit. Send events (POST /api/v1/events) to see them counted here.', 'pipeline-state')
        : state('green', `Committing: last commit ${fmtAge(h.lastCommitAgeSeconds)} (checkpoint interval ${fmt(interval)} s).`, 'pipeline-state'));
    const sum = h.eventsRejected + h.eventsUnmatched + h.eventsMetered;
    body.replaceChildren(
      el('div', { class: 'cards' },
        card('Events read', fmt(h.eventsRead)), card('Rejected', fmt(h.eventsRejected)), card('Unmatched', fmt(h.eventsUnmatched)),
        card('Metered', fmt(h.eventsMetered)), card('Events/s', rate === null ? '…' : fmt(Math.max(0, Math.round(rate * 10) / 10))),
        card('Last commit', fmtTime(h.lastCommitAt), fmtAge(h.lastCommitAgeSeconds))),
      state(h.balanced ? 'green' : 'red', h.balanced
        ? `Conservation holds: events_read ${fmt(h.eventsRead)} = rejected + unmatched + metered (${fmt(sum)}).`
        : `Conservation broken: events_read ${fmt(h.eventsRead)} ≠ rejected + unmatched + metered (${fmt(sum)}). Stop and investigate: an event was lost or counted twice.`,
      'pipeline-balance'),
      el('h2', { text: 'Per meter' }),
      h.meters.length ? el('div', { class: 'table-wrap' }, el('table', { id: 'pipeline-meters' },
        el('thead', {}, el('tr', {}, el('th', { text: 'Meter' }), ...['Counted', 'Duplicates', 'Rejected', 'Late'].map(t => el('th', { class: 'num', text: t })))),
        el('tbody', {}, h.meters.map(m => el('tr', {}, el('td', { text: m.slug }),
          ...[m.counted, m.duplicates, m.rejected, m.late].map(v => el('td', { class: 'num', text: fmt(v) })))))))
        : el('p', { class: 'muted', text: 'No meters configured.' }),
      el('h2', { text: `Consumer lag (group ${h.consumerGroup}, topic ${h.topic})` }),
      h.kafka !== 'ok'
        ? state('red', `Kafka is unreachable, lag unknown: ${h.kafkaError || ''}. Check the brokers.`)
        : el('div', { class: 'table-wrap' }, el('table', { id: 'pipeline-lag' },
          el('thead', {}, el('tr', {}, el('th', { text: 'Partition' }), ...['End offset', 'Committed', 'Lag'].map(t => el('th', { class: 'num', text: t })))),
          el('tbody', {}, h.partitions.map(p => el('tr', {}, el('td', { text: p.partition }), el('td', { class: 'num', text: fmt(p.endOffset) }),
            el('td', { class: 'num', text: p.committedOffset === null ? 'none yet' : fmt(p.committedOffset) }),
            el('td', { class: 'num', text: fmt(p.lag) })))))),
      el('p', { class: 'muted', text: `Read at ${fmtTime(h.now)}; refreshes every 5 s.` }));
  }

  function card(title, value, sub) {
    return el('div', { class: 'card' }, el('div', { class: 'muted', text: title }), el('div', { class: 'n', text: value }),
      sub ? el('div', { class: 'muted', text: sub }) : null);
  }

  refresh();
  timer = setInterval(refresh, 5000);
  return { stop() { clearInterval(timer); } };
}
