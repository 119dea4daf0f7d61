// Small SVG charts drawn by hand: bars over time.

import { s, h } from './dom.js';

// bars draws counts ([{key, count}], keys in order) as vertical bars. onPick(key), when given, makes each bar a
// button. The chart scales to its container's width.
export function bars(data, { label, height = 140, onPick, unit = '' } = {}) {
  const W = 600, H = height, pad = { l: 34, r: 6, t: 8, b: 22 };
  const max = Math.max(1, ...data.map((d) => d.count));
  const bw = Math.min(48, (W - pad.l - pad.r) / Math.max(1, data.length));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: onPick ? 'group' : 'img', 'aria-label': label || 'chart', preserveAspectRatio: 'none' });
  // Axis: the largest count and zero.
  svg.appendChild(s('line', { x1: pad.l, y1: H - pad.b, x2: W - pad.r, y2: H - pad.b, class: 'axis' }));
  svg.appendChild(s('text', { x: pad.l - 4, y: pad.t + 8, class: 'tick', 'text-anchor': 'end' }, String(max)));
  svg.appendChild(s('text', { x: pad.l - 4, y: H - pad.b, class: 'tick', 'text-anchor': 'end' }, '0'));
  data.forEach((d, i) => {
    const bh = (H - pad.t - pad.b) * d.count / max;
    const x = pad.l + i * bw;
    const rect = s('rect', { x: x + Math.min(1, bw * 0.1), y: H - pad.b - bh, width: Math.max(1, bw - Math.min(2, bw * 0.2)), height: Math.max(bh, d.count ? 1 : 0), class: 'bar' },
      s('title', {}, `${d.key}: ${d.count}${unit ? ' ' + unit : ''}`));
    if (onPick) {
      const g = s('a', { href: '#', class: 'bar-link', 'aria-label': `${d.key}: ${d.count}${unit ? ' ' + unit : ''}`,
        onclick: (e) => { e.preventDefault(); onPick(d.key); } }, rect);
      svg.appendChild(g);
    } else {
      svg.appendChild(rect);
    }
  });
  if (data.length) {
    svg.appendChild(s('text', { x: pad.l, y: H - 6, class: 'tick' }, data[0].key));
    if (data.length > 1) svg.appendChild(s('text', { x: pad.l + data.length * bw, y: H - 6, class: 'tick', 'text-anchor': 'end' }, data[data.length - 1].key));
  }
  return h('figure', { class: 'chart-box' }, svg);
}

// months fills the gaps of a month series ("2024-01" .. "2024-06") with zero counts, so time is to scale.
export function fillMonths(data) {
  if (data.length < 2) return data;
  const have = new Map(data.map((d) => [d.key, d.count]));
  const out = [];
  let [y, m] = data[0].key.split('-').map(Number);
  const [ly, lm] = data[data.length - 1].key.split('-').map(Number);
  let guard = 0;
  while ((y < ly || y === ly && m <= lm) && guard++ < 1200) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push({ key, count: have.get(key) || 0 });
    m++;
    if (m > 12) { m = 1; y++; }
  }
  return out;
}
