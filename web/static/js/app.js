// newsgraph's UI: a router over the URL fragment (#/page/arg?query) that renders one page at a time into
// <main>. Each page module exports render(ctx) and may return a function that undoes what it set up.

import { h, clear, announce } from './dom.js';
import { APIError } from './api.js';
import * as search from './pages/search.js';
import * as doc from './pages/doc.js';
import * as entity from './pages/entity.js';
import * as entities from './pages/entities.js';
import * as cluster from './pages/cluster.js';
import * as stories from './pages/stories.js';
import * as graph from './pages/graph.js';

const routes = [
  { re: /^$/, page: search, nav: 'search' },
  { re: /^search$/, page: search, nav: 'search' },
  { re: /^doc\/([^/]+)$/, page: doc, nav: 'search' },
  { re: /^entity\/([^/]+)$/, page: entity, nav: 'entities' },
  { re: /^entities$/, page: entities, nav: 'entities' },
  { re: /^cluster\/([^/]+)$/, page: cluster, nav: 'stories' },
  { re: /^stories$/, page: stories, nav: 'stories' },
  { re: /^graph$/, page: graph, nav: 'graph' },
];

let current = null; // {controller, cleanup}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs = ''] = raw.split('?');
  return { path: path.replace(/\/+$/, ''), query: new URLSearchParams(qs) };
}

async function show(focus) {
  const main = document.getElementById('main');
  if (current) {
    current.controller.abort();
    if (typeof current.cleanup === 'function') current.cleanup();
  }
  hideTip();
  const { path, query } = parseHash();
  const controller = new AbortController();
  current = { controller, cleanup: null };
  const mine = current;
  clear(main);
  let route = null, args = [];
  for (const r of routes) {
    const m = path.match(r.re);
    if (m) {
      route = r;
      try {
        args = m.slice(1).map(decodeURIComponent);
      } catch {
        route = null;
      }
      break;
    }
  }
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (route && a.dataset.nav === route.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!route) {
    document.title = 'Not found · newsgraph';
    main.appendChild(h('div', { class: 'page' }, h('h1', {}, 'Not found'), h('p', {}, 'No page here. ', h('a', { href: '#/' }, 'Search the news'), '.')));
    return;
  }
  const ctx = {
    main,
    args,
    query,
    signal: controller.signal,
    title(t) { document.title = (t ? t + ' · ' : '') + 'newsgraph'; },
    // go replaces the query of the current page (a new history entry).
    go(params) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
      const qs = q.toString();
      location.hash = '#/' + path + (qs ? '?' + qs : '');
    },
  };
  try {
    mine.cleanup = await route.page.render(ctx);
    if (focus && current === mine) main.focus({ preventScroll: true });
  } catch (err) {
    if (controller.signal.aborted || err?.name === 'AbortError') return;
    if (current !== mine) return;
    showError(main, err);
  }
}

// showError replaces the page by a readable error.
export function showError(main, err) {
  clear(main);
  const api = err instanceof APIError;
  const title = api && err.status === 404 ? 'Not found' : api && err.status === 400 ? 'That request is not valid' : 'Something went wrong';
  main.appendChild(h('div', { class: 'page' },
    h('h1', {}, title),
    h('p', { class: 'error', role: 'alert' }, err.message || String(err)),
    h('p', {}, h('a', { href: '#/' }, 'Back to search'))));
  document.title = title + ' · newsgraph';
  announce(title);
}

// The tooltip: any element with data-tip shows it on hover and on keyboard focus.
const tip = () => document.getElementById('tip');

function showTip(el) {
  const t = tip();
  if (!t) return;
  // An annotation inside others (a name inside a quote inside an event) tells about all of them, innermost first.
  const lines = [];
  for (let a = el; a && a !== document.body; a = a.parentElement?.closest('[data-tip]')) lines.push(a.dataset.tip);
  t.textContent = lines.join('\n');
  t.hidden = false;
  const r = el.getBoundingClientRect();
  const tw = t.offsetWidth, th = t.offsetHeight;
  let left = r.left + window.scrollX;
  left = Math.max(4 + window.scrollX, Math.min(left, window.scrollX + document.documentElement.clientWidth - tw - 4));
  let top = r.bottom + window.scrollY + 6;
  if (r.bottom + th + 10 > window.innerHeight && r.top > th + 10) top = r.top + window.scrollY - th - 6;
  t.style.left = left + 'px';
  t.style.top = top + 'px';
  el.setAttribute('aria-describedby', 'tip');
}

function hideTip() {
  const t = tip();
  if (t) t.hidden = true;
  for (const el of document.querySelectorAll('[aria-describedby="tip"]')) el.removeAttribute('aria-describedby');
}

function tipTarget(e) {
  return e.target instanceof Element ? e.target.closest('[data-tip]') : null;
}

document.addEventListener('mouseover', (e) => { const el = tipTarget(e); if (el) showTip(el); });
document.addEventListener('mouseout', (e) => {
  const el = tipTarget(e);
  if (el && !(e.relatedTarget instanceof Node && el.contains(e.relatedTarget))) {
    const inner = e.relatedTarget instanceof Element ? e.relatedTarget.closest('[data-tip]') : null;
    if (inner) showTip(inner); else hideTip();
  }
});
document.addEventListener('focusin', (e) => { const el = tipTarget(e); if (el) showTip(el); else hideTip(); });
document.addEventListener('keydown', (e) => { if (e.key === 'Escape') hideTip(); });

window.addEventListener('hashchange', () => show(true));
show(false);
