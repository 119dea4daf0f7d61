// A same-event cluster: a timeline of its events and articles, the outlets that reported it, and which
// articles are copies or rewrites of which.

import { get, path } from '../api.js';
import { h, route, fmtDate, quadName, entityLink, docLink, section, empty, plural } from '../dom.js';

export async function render(ctx) {
  const [id] = ctx.args;
  const { data: c } = await get('clusters/' + path(id), {}, ctx.signal);
  ctx.title(c.label || c.id);
  const byID = new Map(c.members.map((m) => [m.doc.id, m.doc]));

  // The timeline: events and articles by day.
  const days = new Map();
  const at = (d) => {
    const k = d || 'undated';
    if (!days.has(k)) days.set(k, { events: [], docs: [] });
    return days.get(k);
  };
  for (const m of c.members) at(m.doc.date).docs.push(m);
  for (const e of c.events) at(e.date && e.date.length >= 10 ? e.date.slice(0, 10) : e.date).events.push(e);
  const keys = [...days.keys()].sort((a, b) => (a === 'undated') - (b === 'undated') || a.localeCompare(b));
  const timeline = h('ol', { class: 'timeline', id: 'timeline' }, keys.map((k) => {
    const day = days.get(k);
    return h('li', {},
      h('h3', { class: 'day' }, k),
      day.events.length ? h('ul', { class: 'plain events' }, day.events.map((e) => h('li', { class: `quad-${e.quad_class}` },
        h('span', { class: 'code', title: quadName(e.quad_class) }, e.code), ' ',
        e.source ? entityLink(e.source.id, e.source.name) : '?', ' → ', e.target ? entityLink(e.target.id, e.target.name) : '—',
        e.name ? ` (${e.name})` : '', h('p', { class: 'sentence' }, e.sentence)))) : null,
      day.docs.length ? h('ul', { class: 'plain docs' }, day.docs.map((m) => h('li', { class: `rel-${m.relation}` },
        badge(m), ' ', docLink(m.doc), m.doc.site ? h('span', { class: 'muted' }, ` · ${m.doc.site}`) : null))) : null);
  }));

  const members = h('table', { class: 'table' },
    h('thead', {}, h('tr', {}, ['Article', 'Outlet', 'Published', 'Relation', 'Similarity'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, c.members.map((m) => h('tr', { class: `rel-${m.relation}` },
      h('td', {}, docLink(m.doc)), h('td', {}, m.doc.site || '—'), h('td', {}, fmtDate(m.doc.date)),
      h('td', {}, badge(m), m.of ? [' of ', byID.has(m.of) ? docLink(byID.get(m.of)) : h('a', { href: route('doc', m.of) }, m.of)] : null),
      h('td', { class: 'num' }, m.similarity ? m.similarity.toFixed(2) : '—')))));

  ctx.main.append(h('div', { class: 'page cluster-page' },
    h('h1', {}, c.label || c.id),
    h('p', { class: 'meta' }, plural(c.size, 'article'), ' · ', c.first ? `${fmtDate(c.first)} – ${fmtDate(c.last)}` : 'undated',
      c.story ? [' · ', h('a', { href: route('stories', { story: c.story }) }, 'its story')] : null),
    h('div', { class: 'with-side' },
      section('Timeline', keys.length ? timeline : empty('Nothing dated.')),
      h('aside', { class: 'side' },
        section('Outlets', c.sites.length ? h('ul', { class: 'plain' }, c.sites.map((s) => h('li', {}, s.key, ' ', h('span', { class: 'n' }, s.count)))) : empty('Unknown.')),
        section('Shared actors', c.entities.length ? h('ul', { class: 'plain' }, c.entities.slice(0, 15).map((e) => h('li', {},
          entityLink(e.entity.id, e.entity.name, `ent-${e.entity.label}`), ' ', h('span', { class: 'n' }, e.documents)))) : empty('None.')))),
    section('Articles', members)));
}

function badge(m) {
  const text = { copy: 'copy', rewrite: 'rewrite', report: 'report' }[m.relation] || m.relation;
  return h('span', { class: `badge badge-${m.relation}` }, text);
}
