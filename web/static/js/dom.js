// DOM helpers. Every string given to them becomes a text node or an attribute value: nothing here parses
// markup, so text from articles can never become elements or script.

const SVGNS = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'innerHTML' || k === 'outerHTML' || k === 'style' || k.startsWith('on') && typeof v !== 'function') {
      throw new Error(`h: attribute ${k} is not allowed`);
    }
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'value' && 'value' in el) el.value = v;
    else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'hidden') el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

// append adds children: nodes as they are, strings and numbers as text, arrays flattened, null skipped.
export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
  return el;
}

// h makes an HTML element: h('a', {href: '#/x', class: 'y'}, 'text', child...).
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

// s makes an SVG element.
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVGNS, tag), attrs, children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// safeURL returns u when it is an http(s) URL, else null: a document's URL is data, and a javascript: URL
// would run on click.
export function safeURL(u) {
  if (!u) return null;
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

// route makes a fragment link: route('doc', id) -> "#/doc/ID"; params (an object) become the query.
export function route(path, ...rest) {
  let params = null;
  if (rest.length && typeof rest[rest.length - 1] === 'object') params = rest.pop();
  let href = '#/' + [path, ...rest.map((p) => encodeURIComponent(p))].join('/');
  if (params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
    const qs = q.toString();
    if (qs) href += '?' + qs;
  }
  return href;
}

const LABELS = { PER: 'person', ORG: 'organisation', LOC: 'place', NORP: 'group', MISC: 'other' };
export const labelName = (l) => LABELS[l] || l || '';

const QUADS = ['verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'];
export const quadName = (q) => QUADS[q - 1] || '';

// date formats "2024-12-07" (or a longer RFC 3339 value) for reading; "" stays "undated".
export function fmtDate(d) {
  if (!d) return 'undated';
  return d.slice(0, 10);
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : (many || one + 's')}`;
}

// docLink is a link to a document's reader, titled by its title (or its ID).
export function docLink(doc) {
  return h('a', { href: route('doc', doc.id) }, doc.title || `(untitled ${doc.id})`);
}

export function entityLink(id, name, cls) {
  if (!id) return h('span', { class: cls }, name || '');
  return h('a', { href: route('entity', id), class: cls }, name || id);
}

// section makes a titled block.
export function section(title, ...children) {
  return h('section', { class: 'block' }, h('h2', {}, title), ...children);
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

// announce tells screen readers what changed.
export function announce(text) {
  const el = document.getElementById('status');
  if (el) el.textContent = text;
}
