// Usage explorer: one query of GET /api/v1/meters/{slug}/query → a stacked chart and the table of the same rows.
import { el, api, fmt, fmtTime, raw, num, state, errorState, RANGES, resolveRange, options } from './lib.js';

const WINDOWS = [['', 'Whole range'], ['MINUTE', 'Minute'], ['HOUR', 'Hour'], ['DAY', 'Day'], ['MONTH', 'Month']];
const ZONES = ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney'];

/** The series a row belongs to: its subject and group values. */
export function seriesKey(row, groupBy) {
  return [row.subject, ...groupBy.map(g => `${g}=${row.groupBy[g] ?? '∅'}`)].join(' · ');
}

/** The API's own CSV format (PostgresApi.csv): the same header, escaping and exact values. */
export function toCsv(rows, groupBy) {
  const field = s => {
    if (s === null || s === undefined) return '';
    let t = String(s);
    if (t.length && '=+-@'.includes(t[0])) t = `'${t}`;
    return /[",\r\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
  };
  const lines = [['window_start', 'window_end', 'subject', ...groupBy.map(field), 'value'].join(',')];
  for (const r of rows) {
    lines.push([r.windowStart, r.windowEnd, field(r.subject), ...groupBy.map(g => field(r.groupBy[g])), raw(r.value)].join(','));
  }
  return lines.map(l => l + '\r\n').join('');
}

export function render(root, params) {
  const sel = {
    meter: params.get('meter') || '',
    range: params.get('range') || '24h',
    from: params.get('from') || '',
    to: params.get('to') || '',
    window: params.has('window') ? params.get('window') : 'HOUR',
    tz: params.get('tz') || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    subjects: params.getAll('subject'),
    groupBy: params.getAll('groupBy'),
  };
  const meterSel = el('select', { id: 'usage-meter', name: 'meter' });
  const rangeSel = el('select', { id: 'usage-range', name: 'range' });
  options(rangeSel, RANGES.map(r => [r[0], r[1]]), sel.range);
  const fromIn = el('input', { id: 'usage-from', name: 'from', placeholder: '2026-01-01T00:00:00Z', value: sel.from, size: 22 });
  const toIn = el('input', { id: 'usage-to', name: 'to', placeholder: '2026-02-01T00:00:00Z', value: sel.to, size: 22 });
  const windowSel = el('select', { id: 'usage-window', name: 'window' });
  options(windowSel, WINDOWS, sel.window);
  const tzIn = el('input', { id: 'usage-tz', name: 'tz', list: 'usage-zones', value: sel.tz, size: 18 });
  const zones = el('datalist', { id: 'usage-zones' }, ...(Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : ZONES)
    .map(z => el('option', { value: z })));
  const subjectsIn = el('input', { id: 'usage-subjects', name: 'subjects', value: sel.subjects.join(', '), size: 24,
    placeholder: 'all (or: customer-1, customer-2)' });
  const groupBox = el('fieldset', { id: 'usage-groupby', class: 'groupby' }, el('legend', { text: 'Group by' }));
  const customBox = el('span', { id: 'usage-custom', class: 'custom', hidden: sel.range !== 'custom' },
    el('label', {}, 'From (RFC 3339)', fromIn), ' ', el('label', {}, 'To (exclusive)', toIn));
  const out = el('div', { id: 'usage-out', 'aria-live': 'polite' });
  const form = el('form', { class: 'filters', id: 'usage-form' },
    el('label', {}, 'Meter', meterSel), el('label', {}, 'Time range', rangeSel), customBox,
    el('label', {}, 'Window', windowSel), el('label', {}, 'Time zone', tzIn), zones,
    el('label', {}, 'Subjects', subjectsIn), groupBox,
    el('button', { type: 'submit', class: 'primary', id: 'usage-run' }, 'Show'));
  root.append(el('h1', { text: 'Usage explorer' }), form, out);
  rangeSel.addEventListener('change', () => { customBox.hidden = rangeSel.value !== 'custom'; });

  let meters = [];
  let chart = null;
  const onResize = () => chart && chart.resize();
  window.addEventListener('resize', onResize);

  function groupChoices(meter) {
    const keys = meter ? Object.keys(meter.groupBy || {}) : [];
    groupBox.replaceChildren(el('legend', { text: 'Group by' }),
      ...(keys.length ? keys.map(k => el('label', { class: 'check' },
        el('input', { type: 'checkbox', name: 'groupBy', value: k, checked: sel.groupBy.includes(k) }), ` ${k}`))
        : [el('span', { class: 'muted', text: 'this meter has no groupBy keys' })]));
  }

  function read() {
    sel.meter = meterSel.value;
    sel.range = rangeSel.value;
    sel.from = fromIn.value.trim();
    sel.to = toIn.value.trim();
    sel.window = windowSel.value;
    sel.tz = tzIn.value.trim() || 'UTC';
    sel.subjects = subjectsIn.value.split(',').map(s => s.trim()).filter(Boolean);
    sel.groupBy = [...groupBox.querySelectorAll('input[name=groupBy]:checked')].map(i => i.value);
  }

  function keepInUrl() {
    const p = new URLSearchParams();
    p.set('meter', sel.meter);
    p.set('range', sel.range);
    if (sel.range === 'custom') { p.set('from', sel.from); p.set('to', sel.to); }
    p.set('window', sel.window);
    p.set('tz', sel.tz);
    sel.subjects.forEach(s => p.append('subject', s));
    sel.groupBy.forEach(g => p.append('groupBy', g));
    history.replaceState(null, '', `#/usage?${p}`);
  }

  async function run() {
    read();
    keepInUrl();
    const [from, to] = resolveRange(sel.range, sel.from, sel.to);
    if (sel.range === 'custom' && (!from || !to)) {
      out.replaceChildren(state('red', 'A custom range needs both From and To, e.g. 2026-01-01T00:00:00Z.'));
      return;
    }
    const q = new URLSearchParams({ from, to, windowTimeZone: sel.tz });
    if (sel.window) q.set('windowSize', sel.window);
    sel.subjects.forEach(s => q.append('subject', s));
    sel.groupBy.forEach(g => q.append('groupBy', g));
    const path = `/api/v1/meters/${encodeURIComponent(sel.meter)}/query?${q}`;
    out.replaceChildren(state('', 'Loading…'));
    let res;
    try {
      res = await api(path, { exact: true });
    } catch (e) {
      out.replaceChildren(errorState(e, 'usage'));
      return;
    }
    show(res, path);
  }

  function show(res, path) {
    const rows = res.data;
    const groupBy = sel.groupBy;
    if (chart) { chart.dispose(); chart = null; }
    if (!rows.length) {
      out.replaceChildren(state('', `No usage of ${sel.meter} in this range. Widen the time range, remove subject filters, or check the Rejected events page for events that were not counted.`, 'usage-empty'));
      return;
    }
    const csv = toCsv(rows, groupBy);
    const download = el('a', { id: 'usage-csv', href: URL.createObjectURL(new Blob([csv], { type: 'text/csv' })),
      download: `${sel.meter}-usage.csv` }, 'Download CSV');
    const chartBox = el('div', { id: 'usage-chart', class: 'chart', role: 'img',
      'aria-label': `Stacked chart of ${sel.meter} usage, ${rows.length} rows; the table below has the same numbers` });
    const table = el('table', { id: 'usage-table' },
      el('thead', {}, el('tr', {}, el('th', { text: 'Window start' }), el('th', { text: 'Window end' }), el('th', { text: 'Subject' }),
        ...groupBy.map(g => el('th', { text: g })), el('th', { class: 'num', text: 'Value' }))),
      el('tbody', {}, rows.map(r => el('tr', {},
        el('td', { 'data-raw': r.windowStart, text: fmtTime(r.windowStart, sel.tz) }),
        el('td', { 'data-raw': r.windowEnd, text: fmtTime(r.windowEnd, sel.tz) }),
        el('td', { text: r.subject }),
        ...groupBy.map(g => el('td', { text: r.groupBy[g] ?? '∅' })),
        el('td', { class: 'num', 'data-raw': raw(r.value), text: fmt(r.value) })))));
    out.replaceChildren(el('p', { class: 'muted' }, `${rows.length.toLocaleString()} rows from `,
      el('code', { text: path }), ' · ', download), chartBox, el('div', { class: 'table-wrap' }, table));
    drawChart(chartBox, rows, groupBy);
  }

  function drawChart(box, rows, groupBy) {
    if (!window.echarts) {
      box.replaceChildren(state('red', 'The chart library did not load; the table below has every number.'));
      return;
    }
    // One category per window, every series aligned on them (null where a series has no row): ECharts stacks
    // by position, so series that do not share every window would otherwise stack onto the wrong bars.
    const windows = [...new Set(rows.map(r => r.windowStart))].sort();
    const at = new Map(windows.map((w, i) => [w, i]));
    const series = new Map();
    for (const r of rows) {
      const k = seriesKey(r, groupBy);
      if (!series.has(k)) series.set(k, windows.map(() => null));
      series.get(k)[at.get(r.windowStart)] = num(r.value);
    }
    chart = window.echarts.init(box, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      aria: { enabled: true },
      tooltip: { trigger: 'axis', formatter: items => tooltip(items) },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: windows, axisLabel: { formatter: w => fmtTime(w, sel.tz) } },
      yAxis: { type: 'value', axisLabel: { formatter: v => fmt(v) } },
      series: [...series].map(([name, data]) => ({ name, type: 'bar', stack: 'usage', data,
        emphasis: { focus: 'series' } })),
    });
  }

  // A DOM tooltip: series names are customer data, so they go in as text, never as markup.
  function tooltip(items) {
    const box = el('div', {});
    if (items.length) box.append(el('div', { text: fmtTime(items[0].name, sel.tz) }));
    for (const it of items) if (it.value !== null && it.value !== undefined) box.append(el('div', {}, `${it.seriesName}: ${fmt(it.value)}`));
    return box;
  }

  form.addEventListener('submit', ev => { ev.preventDefault(); run(); });
  meterSel.addEventListener('change', () => groupChoices(meters.find(m => m.slug === meterSel.value)));

  (async () => {
    try {
      meters = await api('/api/v1/meters');
    } catch (e) {
      out.replaceChildren(errorState(e, 'the meters'));
      return;
    }
    if (!meters.length) {
      out.replaceChildren(state('', 'No meters are configured: add one under meters: in meterflow.yaml and restart the server.'));
      return;
    }
    if (!meters.some(m => m.slug === sel.meter)) sel.meter = meters[0].slug;
    options(meterSel, meters.map(m => [m.slug, `${m.slug} (${m.aggregation})`]), sel.meter);
    groupChoices(meters.find(m => m.slug === sel.meter));
    if (params.has('meter')) run();
    else out.replaceChildren(state('', 'Pick a meter and a time range, then press Show.'));
  })();

  return { stop() { window.removeEventListener('resize', onResize); if (chart) chart.dispose(); } };
}
