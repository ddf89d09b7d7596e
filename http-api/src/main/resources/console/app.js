// The console's shell: sign-in, navigation between pages (the URL hash keeps page and selection).
import { el, state } from './lib.js';
import * as usage from './usage.js';
import * as customers from './customers.js';
import * as rejected from './rejected.js';
import * as pipeline from './pipeline.js';
import * as notifications from './notifications.js';

const pages = { usage, customers, rejected, notifications, pipeline };
const $ = id => document.getElementById(id);
let current = null;

async function session() {
  const r = await fetch('/console/session', { credentials: 'same-origin' });
  return r.json();
}

function showLogin(message) {
  if (current && current.stop) current.stop();
  current = null;
  $('nav').hidden = true;
  $('logout').hidden = true;
  $('page').replaceChildren();
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('login-key').focus();
}

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [name, query] = hash.split('?');
  const page = pages[name] ? name : 'usage';
  const params = new URLSearchParams(query || '');
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === page) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (current && current.stop) current.stop();
  const root = el('div', { id: `page-${page}` });
  $('page').replaceChildren(root);
  current = pages[page].render(root, params) || null;
}

async function start() {
  $('login').hidden = true;
  let s;
  try {
    s = await session();
  } catch (e) {
    $('page').replaceChildren(state('red', 'The server cannot be reached; check that ./meterflow serve is running, then reload.'));
    return;
  }
  if (!s.authenticated) {
    showLogin();
    return;
  }
  $('nav').hidden = false;
  $('logout').hidden = !s.authRequired;
  route();
}

$('login-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  const key = $('login-key').value.trim();
  const r = await fetch('/console/login', { method: 'POST', credentials: 'same-origin',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
  if (r.ok) {
    $('login-key').value = '';
    start();
  } else {
    let detail = `sign-in failed (${r.status})`;
    try { detail = (await r.json()).detail || detail; } catch (e) { /* keep */ }
    $('login-error').textContent = detail;
  }
});
$('logout').addEventListener('click', async () => {
  await fetch('/console/logout', { method: 'POST', credentials: 'same-origin' });
  showLogin('Signed out.');
});
window.addEventListener('meterflow:signedout', () => showLogin('Your session ended: sign in again.'));
window.addEventListener('hashchange', () => { if (!$('nav').hidden) route(); });
start();
