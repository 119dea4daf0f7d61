// An entity's page: canonical name, aliases, roles with dates, mentions over time, quotes, events as actor and
// as target, related actors and the documents that mention it.

import { get, path } from '../api.js';
import { h, route, fmtDate, labelName, quadName, entityLink, docLink, section, empty, plural } from '../dom.js';
import { bars, fillMonths } from '../chart.js';

export async function render(ctx) {
  const [ref] = ctx.args;
  const { data: p } = await get('entities/' + path(ref), {}, ctx.signal);
  const e = p.entity;
  ctx.title(e.name);
  const id = e.id;
  const page = h('div', { class: 'page entity-page' });
  ctx.main.append(page);

  page.append(h('h1', { class: `ent-${e.label}` }, e.name),
    h('p', { class: 'meta' }, labelName(e.label), e.kind && e.kind !== labelName(e.label) ? ` · ${e.kind}` : '', e.cameo ? ` · CAMEO ${e.cameo}` : '', e.country ? [' · of ', entityLink(e.country, e.country)] : null,
      e.known ? ' · from the gazetteer' : ' · met in the news'),
    h('p', {}, plural(p.mentions, 'mention'), ' in ', plural(p.documents, 'document'),
      p.first ? ` from ${fmtDate(p.first)} to ${fmtDate(p.last)}` : '', ' · ',
      h('a', { href: route('search', { entity: id }) }, 'search its documents'), ' · ',
      h('a', { href: route('graph', { actor: id }) }, 'its relations in the graph')));
  if (p.ambiguous.length) {
    page.append(h('p', { class: 'note' }, 'The name may also mean: ',
      p.ambiguous.map((a, i) => [i ? ', ' : '', entityLink(a.entity.id, a.entity.name)])));
  }

  const grid = h('div', { class: 'grid' });
  page.append(grid);
  const names = new Set([...(e.aliases || []), ...p.aliases.map((a) => a.key)]);
  names.delete(e.name);
  grid.append(section('Names', names.size ? h('ul', { class: 'inline' }, [...names].map((n) => h('li', {}, n))) : empty('Only its canonical name.')));
  const roles = e.roles || [];
  grid.append(section('Roles', roles.length ? h('ul', { class: 'plain roles' }, roles.map((r) => h('li', {},
    h('strong', {}, r.title || r.role.replace(/-/g, ' ')), ' of ', entityLink(r.of, r.of), ' ',
    h('span', { class: 'muted' }, `${r.from || '?'} – ${r.to || 'now'}`)))) : empty('No role on record.')));
  grid.append(section('Mentions over time', p.months.length
    ? bars(fillMonths(p.months), { label: `Mentions of ${e.name} per month`, unit: 'mentions' })
    : empty('No dated mention.')));
  grid.append(section('Related actors', p.related.length ? h('ul', { class: 'plain' }, p.related.slice(0, 15).map((r) => h('li', {},
    entityLink(r.entity.id, r.entity.name, `ent-${r.entity.label}`), ' ', h('span', { class: 'n' }, `${r.documents} shared`)))) : empty('None.')));

  const quotes = h('div', { id: 'entity-quotes' });
  const asActor = h('div', { id: 'entity-events-actor' });
  const asTarget = h('div', { id: 'entity-events-target' });
  page.append(section('Quotes', quotes), h('div', { class: 'grid' }, section('Events as actor', asActor), section('Events as target', asTarget)));
  page.append(section('Documents', h('ul', { class: 'plain docs' }, p.docs.map((d) => h('li', {},
    h('span', { class: 'date' }, fmtDate(d.doc.date)), ' ', docLink(d.doc), ' ', h('span', { class: 'n' }, plural(d.count, 'mention')))))));

  const [q, ea, et] = await Promise.all([
    get('quotes', { speaker: id, limit: 20 }, ctx.signal).catch((err) => ({ error: err })),
    get('events', { actor: id, limit: 20 }, ctx.signal).catch((err) => ({ error: err })),
    get('events', { target: id, limit: 20 }, ctx.signal).catch((err) => ({ error: err })),
  ]);
  fill(quotes, q, 'No quote by this actor.', (x) => h('li', { class: 'quote-item' },
    h('blockquote', {}, x.text), h('p', { class: 'meta' }, x.date || fmtDate(x.doc.date), ' · ', docLink(x.doc))));
  const ev = (x) => h('li', { class: `quad-${x.quad_class}` },
    h('span', { class: 'code', title: quadName(x.quad_class) }, x.code), ' ',
    entityLink(x.source.id, x.source.name), ' → ', x.target ? entityLink(x.target.id, x.target.name) : '—',
    x.name ? ` (${x.name})` : '', h('p', { class: 'sentence' }, x.sentence),
    h('p', { class: 'meta' }, x.date || 'undated', ' · ', docLink(x.doc), x.reports > 1 ? ` · ${plural(x.reports, 'report')}` : ''));
  fill(asActor, ea, 'None.', ev);
  fill(asTarget, et, 'None.', ev);
}

function fill(el, res, none, item) {
  if (res.error) {
    el.append(h('p', { class: 'error' }, res.error.message));
    return;
  }
  if (!res.data.length) {
    el.append(empty(none));
    return;
  }
  el.append(h('ol', { class: 'plain' }, res.data.map(item)));
  if (res.page.total > res.data.length) el.append(h('p', { class: 'muted' }, `the newest ${res.data.length} of ${res.page.total}`));
}
