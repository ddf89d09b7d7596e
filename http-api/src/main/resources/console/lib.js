// Shared helpers. Every value from the API reaches the page through textContent, never innerHTML.

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') e.textContent = String(v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/** Numbers are kept as the API wrote them (exact decimals): the raw text of each number is its source. */
function parseExact(text) {
  try {
    return JSON.parse(text, (key, value, context) =>
      typeof value === 'number' && context && typeof context.source === 'string' ? { n: value, raw: context.source } : value);
  } catch (e) {
    return JSON.parse(text);
  }
}

/** GET one documented /api/v1 route; the session cookie authenticates it. */
export async function api(path, { exact = false } = {}) {
  let r;
  try {
    r = await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'the server cannot be reached; check that ./meterflow serve is running');
  }
  const text = await r.text();
  if (!r.ok) {
    let detail = text;
    try { detail = JSON.parse(text).detail || text; } catch (e) { /* not JSON */ }
    if (r.status === 401) window.dispatchEvent(new CustomEvent('meterflow:signedout'));
    throw new ApiError(r.status, detail);
  }
  return exact ? parseExact(text) : JSON.parse(text);
}

/** The number of an exact value ({n, raw}) or a plain one. */
export const num = v => (v && typeof v === 'object' ? v.n : v);
export const raw = v => (v === null || v === undefined ? '' : typeof v === 'object' ? v.raw : String(v));

const intFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });

/** Thousands separators; decimals kept up to 6 places. */
export function fmt(v) {
  const n = num(v);
  if (n === null || n === undefined) return '–';
  return Number.isInteger(n) ? intFmt.format(n) : decFmt.format(n);
}

export function fmtTime(iso, timeZone) {
  if (!iso) return '–';
  const d = new Date(iso);
  try {
    return d.toLocaleString(undefined, { timeZone: timeZone || undefined, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit' });
  } catch (e) {
    return d.toISOString();
  }
}

export function fmtAge(seconds) {
  if (seconds === null || seconds === undefined) return 'never';
  const s = Math.round(num(seconds));
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  return `${(s / 3600).toFixed(1)} h ago`;
}

/** A state box: kind 'red', 'green' or '' (neutral), with a message saying what to do. */
export function state(kind, message, id) {
  return el('div', { class: `state ${kind}`, role: kind === 'red' ? 'alert' : 'status', id, 'data-state': kind || 'info' }, message);
}

export function errorState(e, what) {
  if (e.status === 401) return state('red', `Signed out: sign in again to see ${what}.`);
  if (e.status === 403) return state('red', `This key may not read ${what}: use a key with scope read. (${e.message})`);
  if (e.status === 503) return state('red', `The server could not read ${what}: ${e.message}. PostgreSQL or Kafka may be down; this page retries when you reload or press Show.`);
  if (e.status === 400) return state('red', `The request was refused: ${e.message}. Correct the field and try again.`);
  return state('red', `Could not load ${what}: ${e.message}`);
}

export const RANGES = [
  ['1h', 'Last hour', 3600e3], ['24h', 'Last 24 hours', 86400e3], ['7d', 'Last 7 days', 7 * 86400e3],
  ['30d', 'Last 30 days', 30 * 86400e3], ['90d', 'Last 90 days', 90 * 86400e3], ['custom', 'Custom…', 0]];

/** [from, to] ISO instants of a preset (to = now, rounded down to the second), or the custom pair. */
export function resolveRange(preset, from, to, now = new Date()) {
  const r = RANGES.find(x => x[0] === preset);
  if (!r || preset === 'custom') return [from, to];
  const end = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return [new Date(end.getTime() - r[2]).toISOString(), end.toISOString()];
}

export function options(select, values, selected) {
  select.replaceChildren(...values.map(([v, label]) => el('option', { value: v, selected: v === selected }, label)));
}
