// Stories (clusters chained over time) and the clusters of one story.

import { get } from '../api.js';
import { h, route, fmtDate, section, empty, plural } from '../dom.js';

export async function render(ctx) {
  const story = ctx.query.get('story') || '';
  ctx.title('Stories');
  const page = h('div', { class: 'page' }, h('h1', {}, 'Stories'));
  ctx.main.append(page);
  if (story) {
    const { data, page: pg } = await get('clusters', { story, limit: 100 }, ctx.signal);
    page.append(h('p', {}, h('a', { href: route('stories') }, '← all stories')),
      section(`Clusters of this story (${pg.total})`, clusterList(data)));
    return;
  }
  const [stories, clusters] = await Promise.all([
    get('stories', { limit: 30 }, ctx.signal),
    get('clusters', { limit: 30, min_size: 2 }, ctx.signal),
  ]);
  page.append(section('Stories, longest first', stories.data.length ? h('ol', { class: 'plain stories' }, stories.data.map((s) => h('li', {},
    h('h3', {}, h('a', { href: route('stories', { story: s.id }) }, s.label || s.id)),
    h('p', { class: 'meta' }, plural(s.clusters.length, 'cluster'), ' · ', plural(s.size, 'article'), ' · ',
      s.first ? `${fmtDate(s.first)} – ${fmtDate(s.last)}` : 'undated'),
    clusterList(s.clusters)))) : empty('No story yet.')));
  page.append(section('Largest clusters', clusterList(clusters.data)));
}

function clusterList(list) {
  if (!list.length) return empty('No cluster.');
  return h('ul', { class: 'plain clusters' }, list.map((c) => h('li', {},
    h('a', { href: route('cluster', c.id) }, c.label || c.id), ' ',
    h('span', { class: 'muted' }, `${plural(c.size, 'article')} · ${c.first ? fmtDate(c.first) : 'undated'}`))));
}
