// The actor graph of a time window: a force layout of who acted on whom, edges coloured from cooperation
// (green) to conflict (red) and as thick as their volume. A slider moves the window through time; a click (or
// Enter) on an edge lists its evidence sentences.

import { get, path } from '../api.js';
import { h, s, clear, route, fmtDate, quadName, entityLink, docLink, empty, plural, announce } from '../dom.js';
import { layout } from '../force.js';

const W = 800, H = 560;
const positions = new Map(); // node ID -> last position, across windows

const SIZES = {
  month: { label: 'month', step: (d) => addMonths(d, 1) },
  quarter: { label: 'quarter', step: (d) => addMonths(d, 3) },
  year: { label: 'year', step: (d) => addMonths(d, 12) },
};

function addMonths(d, n) {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
}

const iso = (d) => d.toISOString().slice(0, 10);

// windows returns consecutive windows of the size from first to last (dates "YYYY-MM-DD").
function windows(size, first, last) {
  const start = new Date(first + 'T00:00:00Z'), end = new Date(last + 'T00:00:00Z');
  let d = size === 'year' ? new Date(Date.UTC(start.getUTCFullYear(), 0, 1))
    : size === 'quarter' ? new Date(Date.UTC(start.getUTCFullYear(), Math.floor(start.getUTCMonth() / 3) * 3, 1))
      : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1));
  const out = [];
  while (d <= end && out.length < 2000) {
    const next = SIZES[size].step(d);
    out.push({ from: iso(d), to: iso(new Date(next - 86400000)) });
    d = next;
  }
  return out;
}

// colour mixes green (cooperation) to red (conflict) by the share of conflict reports.
function colour(quad) {
  const coop = quad[0] + quad[1], conflict = quad[2] + quad[3];
  const r = coop + conflict ? conflict / (coop + conflict) : 0.5;
  const mix = (a, b) => Math.round(a + (b - a) * r);
  return `rgb(${mix(26, 200)}, ${mix(140, 40)}, ${mix(90, 40)})`;
}

export async function render(ctx) {
  ctx.title('Actor graph');
  const size = SIZES[ctx.query.get('window')] ? ctx.query.get('window') : ctx.query.get('window') === 'all' ? 'all' : 'year';
  const actor = ctx.query.get('actor') || '';
  const { data: st } = await get('stats', {}, ctx.signal);
  const wins = st.first && size !== 'all' ? windows(size, st.first, st.last) : [];
  let at = wins.length - 1;
  const want = ctx.query.get('at');
  if (want) {
    const i = wins.findIndex((w) => w.from <= want && want <= w.to);
    if (i >= 0) at = i;
  }

  const sizeSel = h('select', { id: 'graph-window', onchange: () => ctx.go({ window: sizeSel.value, actor, at: wins[at]?.from }) },
    ['month', 'quarter', 'year', 'all'].map((k) => h('option', { value: k, selected: k === size }, k === 'all' ? 'all time (with undated)' : `one ${k}`)));
  const output = h('output', { id: 'graph-window-label', for: 'graph-slider' });
  const slider = h('input', { type: 'range', id: 'graph-slider', min: 0, max: Math.max(0, wins.length - 1), step: 1, value: Math.max(0, at),
    disabled: wins.length < 2, 'aria-label': 'Time window', 'aria-describedby': 'graph-window-label' });
  const actorInput = h('input', { type: 'search', id: 'graph-actor', value: actor, placeholder: 'an actor, or everyone' });
  const controls = h('form', { class: 'graph-controls', onsubmit: (e) => { e.preventDefault(); ctx.go({ window: size, actor: actorInput.value.trim(), at: wins[at]?.from }); } },
    h('label', { for: 'graph-window' }, 'Window ', sizeSel),
    h('div', { class: 'slider' }, h('label', { for: 'graph-slider' }, 'When '), slider, output),
    h('label', { for: 'graph-actor' }, 'Actor ', actorInput), h('button', { type: 'submit' }, 'Show'));

  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'graph', id: 'graph-svg', role: 'group', 'aria-label': 'Actor graph' });
  const summary = h('p', { class: 'count', id: 'graph-summary' });
  const evidence = h('section', { class: 'block evidence', id: 'evidence', 'aria-live': 'polite' }, h('h2', { tabindex: -1 }, 'Evidence'), empty('Choose an edge to read the sentences behind it.'));
  const table = h('div', { id: 'graph-table' });
  const legend = h('p', { class: 'legend' },
    h('span', { class: 'swatch coop' }), ' cooperation ', h('span', { class: 'swatch conflict' }), ' conflict · thicker: more reports · arrows point from actor to target');
  ctx.main.append(h('div', { class: 'page graph-page' }, h('h1', {}, 'Actor graph'), controls, legend, summary,
    h('div', { class: 'with-side' }, h('div', { class: 'graph-box' }, svg), evidence), table));

  let seq = 0;
  let timer = null;
  const win = () => (size === 'all' || !wins.length ? { from: '', to: '' } : wins[at]);
  const label = () => {
    const w = win();
    output.textContent = w.from ? `${w.from} – ${w.to}` : 'all time';
  };

  async function load() {
    const mine = ++seq;
    const w = win();
    label();
    const { data: g } = await get('graph', { from: w.from, to: w.to, actor, limit: 150 }, ctx.signal);
    if (mine !== seq) return;
    draw(g, w);
  }

  function draw(g, w) {
    clear(svg);
    svg.dataset.window = w.from ? `${w.from}..${w.to}` : 'all';
    svg.dataset.edges = String(g.edges.length);
    summary.textContent = g.edges.length
      ? `${plural(g.nodes.length, 'actor')}, ${plural(g.edges.length, 'relation')}${g.total > g.edges.length ? ` (the strongest of ${g.total})` : ''}, ${w.from ? `${w.from} to ${w.to}` : 'all time'}`
      : `No relation between resolved actors ${w.from ? `from ${w.from} to ${w.to}` : 'at any time'}.`;
    announce(summary.textContent);
    const nodes = g.nodes.map((n) => ({ ...n }));
    layout(nodes, g.edges, { width: W, height: H, positions });
    const byID = new Map(nodes.map((n) => [n.id, n]));
    const maxEv = Math.max(1, ...g.edges.map((e) => e.events));
    const pairs = new Set(g.edges.map((e) => e.source + '\u0000' + e.target));
    const defs = s('defs', {});
    svg.append(defs);
    const edgeLayer = s('g', { class: 'edges' });
    const nodeLayer = s('g', { class: 'nodes' });
    svg.append(edgeLayer, nodeLayer);
    const radius = (n) => 5 + 10 * Math.sqrt(n.events / maxEv);
    g.edges.forEach((e, i) => {
      const a = byID.get(e.source), b = byID.get(e.target);
      if (!a || !b) return;
      const col = colour(e.quad);
      const width = 1 + 6 * Math.sqrt(e.events / maxEv);
      const markerID = `arrow-${i}`;
      const head = 7 + width;
      defs.append(s('marker', { id: markerID, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: head, markerHeight: head, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' },
        s('path', { d: 'M0,0L10,5L0,10z', fill: col })));
      // A curve bends away from the reverse edge, if there is one; it stops at the target's rim.
      const both = pairs.has(e.target + '\u0000' + e.source);
      const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
      const bend = both ? 0.18 * len : 0;
      const mx = (a.x + b.x) / 2 - dy / len * bend, my = (a.y + b.y) / 2 + dx / len * bend;
      const rb = radius(b) + 2;
      const tx = b.x - (b.x - mx) / (Math.hypot(b.x - mx, b.y - my) || 1) * rb;
      const ty = b.y - (b.y - my) / (Math.hypot(b.x - mx, b.y - my) || 1) * rb;
      const ra = radius(a), da = Math.hypot(mx - a.x, my - a.y) || 1;
      const sx = a.x + (mx - a.x) / da * ra, sy = a.y + (my - a.y) / da * ra;
      const d = `M${sx.toFixed(1)},${sy.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${tx.toFixed(1)},${ty.toFixed(1)}`;
      const name = `${a.name} → ${b.name}: ${plural(e.events, 'report')} (${e.quad.map((q, j) => q ? `${q} ${quadName(j + 1)}` : '').filter(Boolean).join(', ')})`;
      const edge = s('g', { class: 'edge', tabindex: 0, role: 'button', 'aria-label': name, dataset: { source: e.source, target: e.target },
        onclick: () => show(e, a, b), onkeydown: (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); show(e, a, b); } } },
      s('title', {}, name),
      s('path', { d, class: 'edge-hit', fill: 'none', stroke: 'transparent', 'stroke-width': Math.max(12, width + 8) }),
      s('path', { d, class: 'edge-line', fill: 'none', stroke: col, 'stroke-width': width.toFixed(2), 'marker-end': `url(#${markerID})` }));
      edgeLayer.append(edge);
    });
    for (const n of nodes) {
      const r = radius(n);
      nodeLayer.append(s('a', { href: route('entity', n.id), class: `node ent-${n.label}`, 'aria-label': `${n.name}, ${plural(n.events, 'report')}` },
        s('title', {}, `${n.name}${n.cameo ? ' (' + n.cameo + ')' : ''}: ${plural(n.events, 'report')}`),
        s('circle', { cx: n.x.toFixed(1), cy: n.y.toFixed(1), r: r.toFixed(1) }),
        s('text', { x: (n.x + r + 3).toFixed(1), y: (n.y + 4).toFixed(1), class: 'node-label' }, n.name)));
    }
    // The same relations as a table, for reading and for the keyboard.
    clear(table);
    if (g.edges.length) {
      table.append(h('details', { class: 'facet' }, h('summary', {}, `Relations as a table (${g.edges.length})`),
        h('table', { class: 'table' },
          h('thead', {}, h('tr', {}, ['Actor', 'Target', 'Reports', 'Cooperation', 'Conflict', 'Goldstein', ''].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, g.edges.map((e) => {
            const a = byID.get(e.source), b = byID.get(e.target);
            return h('tr', {}, h('td', {}, entityLink(e.source, a?.name)), h('td', {}, entityLink(e.target, b?.name)),
              h('td', { class: 'num' }, e.events), h('td', { class: 'num' }, e.quad[0] + e.quad[1]), h('td', { class: 'num' }, e.quad[2] + e.quad[3]),
              h('td', { class: 'num' }, e.goldstein.toFixed(1)),
              h('td', {}, h('button', { type: 'button', onclick: () => show(e, a, b) }, 'Evidence')));
          })))));
    }
  }

  async function show(e, a, b) {
    const w = win();
    for (const el of svg.querySelectorAll('.edge.selected')) el.classList.remove('selected');
    for (const el of svg.querySelectorAll('.edge')) {
      if (el.dataset.source === e.source && el.dataset.target === e.target) el.classList.add('selected');
    }
    clear(evidence);
    const heading = h('h2', { tabindex: -1 }, `${a?.name || e.source} → ${b?.name || e.target}`);
    evidence.append(heading, h('p', { class: 'muted' }, 'Loading…'));
    const { data, page } = await get(`graph/edges/${path(e.source)}/${path(e.target)}`, { from: w.from, to: w.to, limit: 20 }, ctx.signal);
    clear(evidence);
    evidence.append(heading, h('p', { class: 'meta' }, `${plural(page.total, 'report')}${page.total > data.length ? `, the newest ${data.length}` : ''}`),
      data.length ? h('ol', { class: 'plain evidence-list' }, data.map((x) => h('li', { class: `quad-${x.quad_class}` },
        h('p', { class: 'sentence' }, x.sentence),
        h('p', { class: 'meta' }, h('span', { class: 'code', title: quadName(x.quad_class) }, x.code), x.name ? ` ${x.name}` : '',
          ' · ', x.date || 'undated', ' · ', docLink(x.doc))))) : empty('No report.'));
    heading.focus();
  }

  slider.addEventListener('input', () => {
    at = Number(slider.value);
    label();
    clearTimeout(timer);
    timer = setTimeout(() => {
      history.replaceState(null, '', route('graph', { window: size, actor, at: wins[at]?.from }));
      load().catch(fail);
    }, 150);
  });
  const fail = (err) => {
    if (err?.name === 'AbortError') return;
    summary.textContent = err.message;
    summary.classList.add('error');
  };
  label();
  await load();
  return () => clearTimeout(timer);
}
