// A small force-directed layout, computed synchronously (the page shows at most a few hundred actors). Each
// connected group of actors is laid out on its own (Fruchterman–Reingold: nodes repel, edges pull, a little
// gravity), then the groups are packed in rows, largest first, and the whole is fitted into the box with room
// for labels. Start positions come from earlier layouts when given (so an actor keeps its neighbours' side
// when the time window moves; layout records them there), else from a golden-angle spiral: the same graph in
// the same history always gets the same layout.

const K = 60; // the ideal edge length, in layout units

export function layout(nodes, edges, { width = 800, height = 560, iterations = 250, positions = new Map(), margin = 30, labels = 110 } = {}) {
  const n = nodes.length;
  if (!n) return nodes;
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const links = [];
  const adj = nodes.map(() => []);
  for (const e of edges) {
    const a = index.get(e.source), b = index.get(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    links.push([a, b, Math.log2(1 + (e.events || 1))]);
    adj[a].push(b);
    adj[b].push(a);
  }
  // Connected groups, largest first (then by first node, for stability).
  const group = new Array(n).fill(-1);
  const groups = [];
  for (let i = 0; i < n; i++) {
    if (group[i] >= 0) continue;
    const members = [i];
    group[i] = groups.length;
    for (let j = 0; j < members.length; j++) {
      for (const m of adj[members[j]]) if (group[m] < 0) { group[m] = groups.length; members.push(m); }
    }
    groups.push(members);
  }
  const golden = Math.PI * (3 - Math.sqrt(5));
  const boxes = [];
  for (const members of groups) {
    const local = new Map(members.map((m, i) => [m, i]));
    const pts = members.map((m, i) => {
      const p = positions.get(nodes[m].id);
      if (p) return { x: p.x, y: p.y };
      const r = K * Math.sqrt(i + 0.5);
      return { x: r * Math.cos(i * golden), y: r * Math.sin(i * golden) };
    });
    const ls = links.filter(([a]) => local.has(a) && group[a] === group[members[0]]).map(([a, b, w]) => [local.get(a), local.get(b), w]);
    relax(pts, ls, iterations, members.some((m) => positions.has(nodes[m].id)));
    members.forEach((m, i) => positions.set(nodes[m].id, { x: pts[i].x, y: pts[i].y }));
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const p of pts) { x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y); }
    boxes.push({ members, pts, x0, y0, w: x1 - x0 + K * 1.8, h: y1 - y0 + K });
  }
  // Pack the groups in rows about as wide as the box's proportions ask.
  const area = boxes.reduce((s, b) => s + b.w * b.h, 0);
  const rowWidth = Math.max(Math.sqrt(area * (width - labels) / height), ...boxes.map((b) => b.w));
  let x = 0, y = 0, rowH = 0;
  for (const b of boxes) {
    if (x > 0 && x + b.w > rowWidth) { x = 0; y += rowH; rowH = 0; }
    b.members.forEach((m, i) => {
      nodes[m].x = x + (b.pts[i].x - b.x0);
      nodes[m].y = y + (b.pts[i].y - b.y0);
    });
    x += b.w;
    rowH = Math.max(rowH, b.h);
  }
  fit(nodes, width, height, margin, labels);
  return nodes;
}

// relax runs the forces over points pts joined by links [a, b, weight].
function relax(pts, links, iterations, warm) {
  const n = pts.length;
  if (n === 1) { pts[0].x = 0; pts[0].y = 0; return; }
  const dx = new Float64Array(n), dy = new Float64Array(n);
  let t = warm ? K / 2 : K * 2;
  const cool = t / (iterations + 1);
  for (let it = 0; it < iterations; it++) {
    dx.fill(0); dy.fill(0);
    let cx = 0, cy = 0;
    for (const p of pts) { cx += p.x / n; cy += p.y / n; }
    for (let i = 0; i < n; i++) {
      const a = pts[i];
      for (let j = i + 1; j < n; j++) {
        const b = pts[j];
        let ex = a.x - b.x, ey = a.y - b.y;
        let d2 = ex * ex + ey * ey;
        if (d2 < 0.01) { ex = (i - j) * 0.1; ey = 0.1; d2 = ex * ex + ey * ey; }
        const f = K * K / d2;
        dx[i] += ex * f; dy[i] += ey * f;
        dx[j] -= ex * f; dy[j] -= ey * f;
      }
      dx[i] -= (a.x - cx) * 0.05;
      dy[i] -= (a.y - cy) * 0.05;
    }
    for (const [i, j, w] of links) {
      const a = pts[i], b = pts[j];
      const ex = a.x - b.x, ey = a.y - b.y;
      const d = Math.sqrt(ex * ex + ey * ey) || 0.01;
      const f = d * Math.min(w, 3) / K;
      dx[i] -= ex * f; dy[i] -= ey * f;
      dx[j] += ex * f; dy[j] += ey * f;
    }
    for (let i = 0; i < n; i++) {
      const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
      const step = Math.min(d, t);
      pts[i].x += dx[i] / d * step;
      pts[i].y += dy[i] / d * step;
    }
    t = Math.max(0.5, t - cool);
  }
}

// fit scales and moves the layout into the box, keeping its proportions, with room on the right for labels.
function fit(nodes, width, height, margin, labels) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const n of nodes) {
    x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x); y0 = Math.min(y0, n.y); y1 = Math.max(y1, n.y);
  }
  const w = width - 2 * margin - labels, h = height - 2 * margin;
  const scale = Math.min(w / Math.max(x1 - x0, 1e-6), h / Math.max(y1 - y0, 1e-6), 2.5);
  const ox = margin + (w - (x1 - x0) * scale) / 2, oy = margin + (h - (y1 - y0) * scale) / 2;
  for (const n of nodes) {
    n.x = ox + (n.x - x0) * scale;
    n.y = oy + (n.y - y0) * scale;
  }
}
