// Network view: every JSON-RPC frame both ways and every HTTP exchange (status, Mcp-* headers, timing), a filter,
// and "copy as curl" / "copy as mcpkit call" for a sent frame.
import { el, pretty } from './api.js';

const rows = [];
let state = {};

function summary(e) {
  if (e.kind === 'http') {
    return e.method + ' ' + e.url + ' → ' + (e.status ?? 'failed') + ' (' + e.millis + ' ms)'
      + (e.responseHeaders && e.responseHeaders['Content-Type'] ? ' ' + e.responseHeaders['Content-Type'] : '');
  }
  let m;
  try { m = JSON.parse(e.json); } catch (x) { return e.json; }
  const what = m.method ? m.method : (m.error ? 'error ' + m.error.code : 'result');
  return (e.direction === 'sent' ? '→ ' : '← ') + what + (m.id !== undefined ? ' #' + m.id : '');
}

function q(s) {
  return "'" + String(s).replace(/'/g, "'\\''") + "'";
}

function envName(header) {
  return 'MCP_HEADER_' + header.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** The HTTP exchange closest to this frame (for its session id and protocol version headers). */
function exchangeNear(seq) {
  let best = null;
  for (const r of rows) {
    if (r.kind === 'http' && r.method === 'POST' && (!best || Math.abs(r.seq - seq) < Math.abs(best.seq - seq))) best = r;
  }
  return best;
}

export function curl(e) {
  const t = state.target || {};
  if (t.kind !== 'http') return '# a stdio server: no HTTP request to copy';
  const parts = ['curl', '-sS', '-X', 'POST', q(t.url), '-H', q('Content-Type: application/json'),
    '-H', q('Accept: application/json, text/event-stream')];
  const x = exchangeNear(e.seq);
  for (const [k, v] of Object.entries((x && x.requestHeaders) || {})) {
    if (/^mcp-/i.test(k)) parts.push('-H', q(k + ': ' + v));
  }
  // secrets are never copied: masked headers refer to environment variables instead
  for (const k of Object.keys(t.headers || {})) parts.push('-H', '"' + k + ': $' + envName(k) + '"');
  parts.push('--data-raw', q(e.json));
  return parts.join(' ');
}

export function mcpkitCall(e) {
  const t = state.target || {};
  const m = JSON.parse(e.json);
  const p = m.params || {};
  const words = ['mcpkit', 'call'];
  if (t.kind === 'http') words.push(q(t.url));
  words.push(m.method);
  if (m.method === 'tools/call') words.push('--tool', q(p.name), '--args-json', q(JSON.stringify(p.arguments || {})));
  if (m.method === 'resources/read') words.push('--uri', q(p.uri));
  if (m.method === 'prompts/get') {
    words.push('--prompt', q(p.name));
    for (const [k, v] of Object.entries(p.arguments || {})) words.push('--arg', q(k + '=' + v));
  }
  if (m.method === 'logging/setLevel') words.push('--level', p.level);
  if (t.protocol && t.protocol !== 'auto') words.push('--protocol', t.protocol);
  for (const k of Object.keys(t.headers || {})) words.push('-H', '"' + k + ': $' + envName(k) + '"');
  for (const k of Object.keys(t.env || {})) words.push('-e', '"' + k + '=$' + k + '"');
  if (t.kind === 'stdio') words.push('--', ...t.argv.map(q));
  return words.join(' ');
}

function detail(e) {
  const box = document.getElementById('frame-detail');
  if (!box) return;
  const output = el('textarea', { id: 'copy-output', rows: 4, cols: 100, readonly: true });
  const copy = (text) => {
    output.value = text;
    if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => {});
  };
  let body;
  if (e.kind === 'http') {
    body = el('pre', { id: 'frame-json' }, pretty({ method: e.method, url: e.url, status: e.status, millis: e.millis,
      requestHeaders: e.requestHeaders, responseHeaders: e.responseHeaders, failure: e.failure }));
  } else {
    let m = null;
    try { m = JSON.parse(e.json); } catch (x) { /* shown raw */ }
    body = el('pre', { id: 'frame-json' }, m ? pretty(m) : e.json);
    if (e.direction === 'sent' && m && m.method) {
      body = el('div', {}, body,
        el('button', { id: 'copy-curl', type: 'button', onclick: () => copy(curl(e)) }, 'Copy as curl'),
        el('button', { id: 'copy-call', type: 'button', onclick: () => copy(mcpkitCall(e)) }, 'Copy as mcpkit call'),
        output);
    }
  }
  box.replaceChildren(el('h3', {}, summary(e)), body);
}

function tr(e) {
  const row = el('tr', { class: 'frame-row kind-' + e.kind + (e.direction ? ' dir-' + e.direction : ''), 'data-seq': e.seq },
    el('td', {}, new Date(e.time).toLocaleTimeString()), el('td', {}, e.kind === 'http' ? 'HTTP' : e.direction),
    el('td', { class: 'frame-summary' }, summary(e)));
  row.addEventListener('click', () => detail(e));
  return row;
}

function applyFilter() {
  const f = document.getElementById('network-filter');
  const text = f ? f.value.toLowerCase() : '';
  for (const r of document.querySelectorAll('#network-table tr.frame-row')) {
    const e = rows.find(x => String(x.seq) === r.dataset.seq);
    r.hidden = text !== '' && !(summary(e) + ' ' + (e.json || JSON.stringify(e))).toLowerCase().includes(text);
  }
}

export const network = {
  add(e) {
    if (e.kind !== 'frame' && e.kind !== 'http') return;
    rows.push(e);
    if (rows.length > 3000) rows.shift();
    const table = document.getElementById('network-table');
    if (table) { table.append(tr(e)); applyFilter(); }
  },
  show(root, s) {
    state = s;
    const filter = el('input', { id: 'network-filter', placeholder: 'filter: method, id, text…', size: 40 });
    filter.addEventListener('input', applyFilter);
    root.append(el('h2', {}, 'Network'), filter,
      el('div', { class: 'split' }, el('table', { id: 'network-table' }, rows.map(tr)), el('div', { id: 'frame-detail' })));
  }
};
