// The search page: full-text search with facets (entities, sites, languages, months), highlighted snippets and
// pagination. Its state is the URL's query, so every search can be linked to and the back button works.

import { get, APIError } from '../api.js';
import { h, route, fmtDate, plural, labelName, announce, empty } from '../dom.js';
import { highlight } from '../spans.js';
import { bars, fillMonths } from '../chart.js';

const FILTERS = ['q', 'entity', 'site', 'lang', 'from', 'to'];
const LIMIT = 20;

export async function render(ctx) {
  const q = Object.fromEntries(FILTERS.map((k) => [k, ctx.query.get(k) || '']));
  const offset = Math.max(0, parseInt(ctx.query.get('offset') || '0', 10) || 0);
  ctx.title(q.q ? `“${q.q}”` : 'Search');
  const state = (over) => {
    const next = { ...q, offset: '', ...over };
    return route('search', next);
  };

  const input = h('input', { type: 'search', name: 'q', id: 'q', value: q.q, placeholder: 'Lavrov "Doha Forum" -Qatar ceasefire*', autocomplete: 'off', 'aria-describedby': 'q-help' });
  const from = h('input', { type: 'date', name: 'from', id: 'from', value: /^\d{4}-\d{2}-\d{2}$/.test(q.from) ? q.from : '' });
  const to = h('input', { type: 'date', name: 'to', id: 'to', value: /^\d{4}-\d{2}-\d{2}$/.test(q.to) ? q.to : '' });
  const form = h('form', { class: 'search', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    ctx.go({ ...q, q: input.value.trim(), from: from.value, to: to.value });
  } },
  h('div', { class: 'search-row' },
    h('label', { for: 'q', class: 'sr-only' }, 'Search the news'),
    input,
    h('button', { type: 'submit' }, 'Search')),
  h('p', { id: 'q-help', class: 'help' }, 'Words must all match; "quoted phrases", OR, -exclude, prefix*.'),
  h('div', { class: 'dates' },
    h('label', { for: 'from' }, 'From ', from),
    h('label', { for: 'to' }, 'To ', to)));

  const results = h('div', { class: 'results', id: 'results' });
  const facets = h('aside', { class: 'facets', 'aria-label': 'Narrow down' });
  const chips = h('div', { class: 'chips' });
  ctx.main.append(h('div', { class: 'page search-page' },
    h('h1', { class: 'sr-only' }, 'Search'),
    form, chips,
    h('div', { class: 'with-side' }, results, facets)));

  const params = { ...q, limit: LIMIT, offset };
  let docs, fac;
  try {
    [docs, fac] = await Promise.all([
      get('documents', params, ctx.signal),
      get('facets', q, ctx.signal).catch((err) => ({ error: err })),
    ]);
  } catch (err) {
    // A query the server cannot read: say why under the form, which stays to be corrected.
    if (!(err instanceof APIError) || err.status !== 400) throw err;
    results.append(h('p', { class: 'error', role: 'alert', id: 'search-error' }, err.message));
    announce('The search could not be read');
    input.focus();
    return;
  }

  // Active filters, each removable.
  const entityName = fac.data?.entities?.find((e) => e.entity.id === q.entity)?.entity.name || q.entity;
  for (const [k, label] of [['entity', `mentions ${entityName}`], ['site', `site ${q.site}`], ['lang', `language ${q.lang}`], ['from', `from ${q.from}`], ['to', `to ${q.to}`]]) {
    if (q[k]) chips.append(h('a', { class: 'chip', href: state({ [k]: '' }), 'aria-label': `Remove filter: ${label}` }, label, h('span', { 'aria-hidden': 'true' }, ' ×')));
  }

  const total = docs.page.total;
  results.append(h('p', { class: 'count', id: 'result-count' }, total === 0 ? 'No documents match.' :
    `${offset + 1}–${offset + docs.data.length} of ${plural(total, 'document')}`));
  announce(`${plural(total, 'document')} found`);
  const list = h('ol', { class: 'hits', start: offset + 1 });
  for (const hit of docs.data) {
    const d = hit.doc;
    const snippet = h('p', { class: 'snippet' });
    highlight(snippet, hit.snippet, hit.highlights);
    list.append(h('li', { class: 'hit' },
      h('h2', { class: 'hit-title' }, h('a', { href: route('doc', d.id) }, d.title || `(untitled ${d.id})`)),
      h('p', { class: 'meta' }, fmtDate(d.date), d.site ? ` · ${d.site}` : '', d.language ? ` · ${d.language}` : ''),
      hit.snippet ? snippet : null));
  }
  results.append(list);
  if (total > LIMIT) {
    const nav = h('nav', { class: 'pager', 'aria-label': 'Pages' });
    if (offset > 0) nav.append(h('a', { href: state({ offset: Math.max(0, offset - LIMIT) }), rel: 'prev' }, '← Previous'));
    if (offset + LIMIT < total) nav.append(h('a', { href: state({ offset: offset + LIMIT }), rel: 'next' }, 'Next →'));
    results.append(nav);
  }

  // Facets.
  if (fac.error) {
    facets.append(h('p', { class: 'error' }, `Facets unavailable: ${fac.error.message}`));
    return;
  }
  const f = fac.data;
  const group = (title, items) => items.length ? h('details', { class: 'facet', open: true }, h('summary', {}, title), h('ul', {}, items)) : null;
  facets.append(
    group(f.sampled ? `Actors (in the newest ${f.sampled})` : 'Actors', f.entities.map((e) => h('li', {},
      h('a', { href: state({ entity: e.entity.id }), class: `ent-${e.entity.label}`, 'aria-current': e.entity.id === q.entity ? 'true' : null },
        e.entity.name), ' ', h('span', { class: 'n' }, e.documents), ' ',
      h('a', { href: route('entity', e.entity.id), class: 'profile-link', 'aria-label': `${e.entity.name}: profile`, title: `${labelName(e.entity.label)} profile` }, '→')))),
    group('Sources', f.sites.map((c) => h('li', {}, c.key ? h('a', { href: state({ site: c.key }) }, c.key) : '(unknown)', ' ', h('span', { class: 'n' }, c.count)))),
    group('Languages', f.languages.map((c) => h('li', {}, c.key ? h('a', { href: state({ lang: c.key }) }, c.key) : '(unknown)', ' ', h('span', { class: 'n' }, c.count)))),
  );
  if (f.months.length) {
    facets.append(h('details', { class: 'facet', open: true }, h('summary', {}, 'Published'),
      bars(fillMonths(f.months), { label: 'Matching documents by month', height: 110, unit: 'documents', onPick: (month) => {
        const [y, m] = month.split('-').map(Number);
        const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
        ctx.go({ ...q, from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` });
      } })));
  }
  if (!facets.childElementCount) facets.append(empty('Nothing to narrow down.'));
}
