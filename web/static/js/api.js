// The API client: every request goes through get, which shows the progress bar while any is pending and turns
// error envelopes into APIError.

export class APIError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let pending = 0;
let timer = null;

function busy(delta) {
  pending += delta;
  const bar = document.getElementById('progress');
  const main = document.getElementById('main');
  if (pending > 0) {
    main?.setAttribute('aria-busy', 'true');
    document.body.dataset.loading = 'true';
    if (!timer && bar?.hidden) timer = setTimeout(() => { timer = null; if (pending > 0 && bar) bar.hidden = false; }, 120);
  } else {
    pending = 0;
    main?.removeAttribute('aria-busy');
    delete document.body.dataset.loading;
    if (timer) { clearTimeout(timer); timer = null; }
    if (bar) bar.hidden = true;
  }
}

// get fetches /api/v1/PATH with params (empty values are left out) and returns {data, page}.
export async function get(path, params = {}, signal) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const qs = q.toString();
  const url = '/api/v1/' + path + (qs ? '?' + qs : '');
  busy(1);
  try {
    const res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    let body;
    try {
      body = await res.json();
    } catch {
      throw new APIError(res.status, 'bad_reply', `the server sent no JSON (${res.status})`);
    }
    if (!res.ok || body.error) {
      const e = body.error || {};
      throw new APIError(res.status, e.code || 'error', e.message || `request failed (${res.status})`);
    }
    return { data: body.data, page: body.page };
  } finally {
    busy(-1);
  }
}

// path joins URL path segments, escaping each.
export function path(...parts) {
  return parts.map((p) => encodeURIComponent(p)).join('/');
}
