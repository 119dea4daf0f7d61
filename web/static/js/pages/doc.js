// The article reader: the text with its annotations laid over it. Entities link to their pages, quotes show
// their speaker and time expressions their resolved value on hover or focus, events are marked with their
// code. Layers can be switched off. The text is only ever inserted as text nodes.

import { get, path } from '../api.js';
import { h, route, fmtDate, safeURL, labelName, quadName, entityLink, section, empty, plural } from '../dom.js';
import { offsets, render as lay } from '../spans.js';

// Ranks: among equal spans the lower rank is outside.
const RANK = { event: 0, quote: 1, entity: 2, timex: 3 };

export async function render(ctx) {
  const [id] = ctx.args;
  const { data: d } = await get('documents/' + path(id), {}, ctx.signal);
  ctx.title(d.title || d.id);
  const at = offsets(d.text);
  const anns = [];
  // Names come without a kind; descriptions and pronouns are in d.mentions.
  for (const m of [...d.entities.map((e) => ({ ...e, kind: 'name' })), ...d.mentions]) {
    const tip = m.entity ? `${m.entity} · ${labelName(m.label)}${m.kind !== 'name' ? ' (' + m.kind + ')' : ''}` : `${labelName(m.label)}, not linked`;
    anns.push({ start: at(m.start), end: at(m.end), rank: RANK.entity, make: () => m.id
      ? h('a', { href: route('entity', m.id), class: ['ann', 'ent', `ent-${m.label}`, `kind-${m.kind}`], dataset: { tip, layer: 'entity' } })
      : h('span', { class: ['ann', 'ent', `ent-${m.label}`], dataset: { tip, layer: 'entity' } }) });
  }
  for (const t of d.timexes) {
    anns.push({ start: at(t.start), end: at(t.end), rank: RANK.timex, make: () =>
      h('time', { class: 'ann timex', tabindex: 0, datetime: /^\d{4}(-\d{2}(-\d{2})?)?$/.test(t.value) ? t.value : null, dataset: { tip: `${t.value} (${t.type.toLowerCase()})`, layer: 'timex', value: t.value } }) });
  }
  d.quotes.forEach((q, i) => {
    const who = q.speaker?.entity || q.speaker?.text || 'unknown speaker';
    anns.push({ start: at(q.start), end: at(q.end), rank: RANK.quote, make: () =>
      h('q', { class: ['ann', 'quote', q.direct ? 'direct' : 'reported'], tabindex: 0, id: `quote-${i}`,
        dataset: { tip: `Speaker: ${who}${q.date ? ' · ' + q.date : ''}${q.direct ? '' : ' (reported)'}`, layer: 'quote', speaker: who } }) });
  });
  d.events.forEach((e, i) => {
    const tip = `${e.code} ${e.name || ''} · ${e.source?.entity || e.source?.text || '?'} → ${e.target?.entity || e.target?.text || '—'}${e.date ? ' · ' + e.date : ''}`;
    anns.push({ start: at(e.start), end: at(e.end), rank: RANK.event, make: () =>
      h('span', { class: ['ann', 'event', `quad-${e.quad_class}`], id: `event-${i}`, dataset: { tip, layer: 'event' } }) });
  });

  // The text, paragraph by paragraph (the whole text when the document has no paragraphs).
  const body = h('div', { class: 'article-text', id: 'article-text', lang: d.language || null });
  const paras = d.paragraphs.length ? d.paragraphs : [{ start: 0, end: new TextEncoder().encode(d.text).length }];
  for (const p of paras) {
    body.append(lay(h('p', {}), d.text, anns, at(p.start), at(p.end)));
  }

  // Layer switches.
  const layers = h('fieldset', { class: 'layers' }, h('legend', {}, 'Show'),
    ...[['entity', 'Actors & places'], ['quote', 'Quotes'], ['timex', 'Dates'], ['event', 'Events']].map(([k, label]) =>
      h('label', { class: `layer-${k}` }, h('input', { type: 'checkbox', checked: true, onchange: (e) => body.classList.toggle(`hide-${k}`, !e.target.checked) }), ' ', label)));

  const url = safeURL(d.url);
  const meta = h('p', { class: 'meta' },
    fmtDate(d.published || d.date), d.site ? ` · ${d.site}` : '', d.author ? ` · ${d.author}` : '', d.language ? ` · ${d.language}` : '',
    url ? [' · ', h('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'original')] : null);
  const clusterInfo = d.cluster ? h('p', { class: 'cluster-link' },
    d.cluster.relation === 'copy' ? 'A copy, in ' : d.cluster.relation === 'rewrite' ? 'A rewritten copy, in ' : 'Reported in ',
    h('a', { href: route('cluster', d.cluster.cluster) }, d.cluster.label || d.cluster.cluster),
    d.cluster.of ? [' (of ', h('a', { href: route('doc', d.cluster.of) }, 'the original'), ')'] : null) : null;

  // Side panel: the entities (with their roles then), quotes and events.
  const side = h('aside', { class: 'side' });
  const ents = d.entity_records.slice().sort((a, b) => a.name.localeCompare(b.name));
  side.append(section('Actors and places', ents.length ? h('ul', { class: 'plain' }, ents.map((e) => h('li', {},
    entityLink(e.id, e.name, `ent-${e.label}`), ' ', h('span', { class: 'muted' }, labelName(e.label)),
    (e.roles_at || []).length ? h('div', { class: 'roles' }, e.roles_at.map((r) => `${r.title || r.role} (${r.of})`).join('; ')) : null))) : empty('None found.')));
  if (d.quotes.length) {
    side.append(section('Quotes', h('ol', { class: 'plain quotes' }, d.quotes.map((q, i) => {
      const at0 = at(q.start), at1 = at(q.end);
      return h('li', {}, h('a', { href: `#quote-${i}`, onclick: (e) => { e.preventDefault(); document.getElementById(`quote-${i}`)?.focus(); } },
        q.speaker?.id ? q.speaker.entity : q.speaker?.text || 'unknown'), ': ', h('span', { class: 'quote-text' }, clip(d.text.slice(at0, at1), 140)));
    }))));
  }
  if (d.events.length) {
    side.append(section('Events', h('ol', { class: 'plain' }, d.events.map((e) => h('li', { class: `quad-${e.quad_class}` },
      h('span', { class: 'code', title: quadName(e.quad_class) }, e.code), ' ',
      entityLink(e.source?.id, e.source?.entity || e.source?.text || '?'), ' → ',
      e.target ? entityLink(e.target.id, e.target.entity || e.target.text) : '—',
      e.name ? h('div', { class: 'muted' }, e.name, e.date ? ` · ${e.date}` : '') : null)))));
  }

  ctx.main.append(h('article', { class: 'page reader' },
    h('h1', {}, d.title || '(untitled)'), meta, clusterInfo,
    h('p', { class: 'muted' }, plural(d.entities.length + d.mentions.length, 'mention'), ' · ', plural(d.quotes.length, 'quote'), ' · ', plural(d.timexes.length, 'date'), ' · ', plural(d.events.length, 'event')),
    layers,
    h('div', { class: 'with-side' }, body, side)));
}

function clip(s, n) {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
