// The actors page: canonical entities, most mentioned first, by type and name.

import { get } from '../api.js';
import { h, route, fmtDate, labelName, plural, empty } from '../dom.js';

const LIMIT = 50;

export async function render(ctx) {
  const label = ctx.query.get('label') || '';
  const name = ctx.query.get('name') || '';
  const offset = Math.max(0, parseInt(ctx.query.get('offset') || '0', 10) || 0);
  ctx.title('Actors');
  const input = h('input', { type: 'search', id: 'entity-name', value: name, placeholder: 'part of a name' });
  const select = h('select', { id: 'entity-label' }, h('option', { value: '' }, 'any type'),
    ['PER', 'ORG', 'LOC', 'NORP', 'MISC'].map((l) => h('option', { value: l, selected: l === label }, labelName(l))));
  const form = h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); ctx.go({ name: input.value.trim(), label: select.value }); } },
    h('label', { for: 'entity-name' }, 'Name ', input), h('label', { for: 'entity-label' }, 'Type ', select), h('button', { type: 'submit' }, 'List'));
  const out = h('div', {});
  ctx.main.append(h('div', { class: 'page' }, h('h1', {}, 'Actors'), form, out));
  const { data, page } = await get('entities', { name, label, limit: LIMIT, offset }, ctx.signal);
  if (!data.length) {
    out.append(empty('No actor matches.'));
    return;
  }
  out.append(h('p', { class: 'count' }, `${offset + 1}–${offset + data.length} of ${plural(page.total, 'actor')}`),
    h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col', class: 'num' }, 'Mentions'),
        h('th', { scope: 'col', class: 'num' }, 'Documents'), h('th', { scope: 'col' }, 'Dates'))),
      h('tbody', {}, data.map((e) => h('tr', {},
        h('td', {}, h('a', { href: route('entity', e.entity.id), class: `ent-${e.entity.label}` }, e.entity.name)),
        h('td', {}, labelName(e.entity.label)),
        h('td', { class: 'num' }, e.mentions), h('td', { class: 'num' }, e.documents),
        h('td', {}, e.first ? `${fmtDate(e.first)} – ${fmtDate(e.last)}` : 'undated'))))));
  const nav = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  if (offset > 0) nav.append(h('a', { href: route('entities', { name, label, offset: Math.max(0, offset - LIMIT) }) }, '← Previous'));
  if (offset + LIMIT < page.total) nav.append(h('a', { href: route('entities', { name, label, offset: offset + LIMIT }) }, 'Next →'));
  out.append(nav);
}
