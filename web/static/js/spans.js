// Byte spans into text. The API gives annotations as byte offsets into the UTF-8 text (the contract of
// `newsgraph annotate --json`); JavaScript strings index UTF-16 code units. Offsets converts one to the other,
// and render lays nested, possibly crossing annotations over the text as elements around text nodes.

// offsets returns a function from a byte offset in text's UTF-8 form to an index into the string. An offset
// inside a character maps to its start; one past the end maps to the end.
export function offsets(text) {
  const map = [];
  let i = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let b = 0; b < bytes; b++) map.push(i);
    i += ch.length;
  }
  map.push(i);
  return (byte) => map[Math.max(0, Math.min(byte, map.length - 1))];
}

// highlight appends text to parent with the byte spans marked by <mark>.
export function highlight(parent, text, spans, make) {
  const at = offsets(text);
  let pos = 0;
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    const a = at(s), b = at(e);
    if (a < pos || b <= a) continue;
    parent.appendChild(document.createTextNode(text.slice(pos, a)));
    const m = make ? make() : document.createElement('mark');
    m.textContent = text.slice(a, b);
    parent.appendChild(m);
    pos = b;
  }
  parent.appendChild(document.createTextNode(text.slice(pos)));
  return parent;
}

// render lays annotations over text[from:to) (string indices) into parent. Each annotation is
// {start, end, rank, make} with string indices: make() returns the (empty) element to wrap its text in. An
// annotation inside another becomes its child; one that crosses another's end is split in two. Among spans
// starting together the longer is outside; among equal spans the lower rank is outside.
export function render(parent, text, anns, from = 0, to = text.length) {
  const list = anns
    .filter((a) => a.end > from && a.start < to && a.end > a.start)
    .map((a) => ({ ...a, start: Math.max(a.start, from), end: Math.min(a.end, to) }));
  layout(parent, text, sort(list), from, to);
  return parent;
}

function sort(list) {
  return list.sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);
}

function layout(parent, text, list, from, to) {
  let pos = from;
  while (list.length) {
    let a = list.shift();
    if (a.start < pos) {
      a = { ...a, start: pos };
      if (a.end <= a.start) continue;
      // it moved: keep the order
      list.push(a);
      sort(list);
      continue;
    }
    if (a.start > pos) parent.appendChild(document.createTextNode(text.slice(pos, a.start)));
    const inside = [];
    const rest = [];
    while (list.length && list[0].start < a.end) {
      const b = list.shift();
      if (b.end <= a.end) inside.push(b);
      else {
        inside.push({ ...b, end: a.end });
        rest.push({ ...b, start: a.end });
      }
    }
    const el = a.make();
    layout(el, text, inside, a.start, a.end);
    parent.appendChild(el);
    pos = a.end;
    if (rest.length) {
      list.push(...rest);
      sort(list);
    }
  }
  if (pos < to) parent.appendChild(document.createTextNode(text.slice(pos, to)));
}
