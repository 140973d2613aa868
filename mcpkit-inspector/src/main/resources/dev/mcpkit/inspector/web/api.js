// The inspector's JSON API (same origin; the HttpOnly session cookie goes with every request).
export async function get(path) {
  const r = await fetch('/api/' + path, { credentials: 'same-origin' });
  return { status: r.status, body: await r.json().catch(() => ({})) };
}

export async function post(path, body) {
  const r = await fetch('/api/' + path, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {})
  });
  return { status: r.status, body: await r.json().catch(() => ({})) };
}

/** One MCP request; resolves to {result} or {error}. */
export async function rpc(method, params) {
  const r = await post('rpc', { method, params: params || {} });
  return r.body;
}

/** Creates an element: el('div', {class: 'x'}, 'text', child). Text is always set as text, never as HTML. */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function pretty(v) {
  return JSON.stringify(v, null, 2);
}
