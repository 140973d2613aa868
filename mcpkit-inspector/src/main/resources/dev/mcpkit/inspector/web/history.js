// History view: every call the page made, replayed with one click, or saved as a collection file (the format
// `mcpkit test` runs; header values as ${env:...} references, never the values).
import { get, post, el, pretty } from './api.js';

function download(name, doc) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2) + '\n'], { type: 'application/json' }));
  return el('a', { id: 'collection-download', href: url, download: name }, 'Download ' + name);
}

export async function showHistory(root) {
  const r = await get('history');
  const calls = r.body.calls || [];
  const out = el('div', { id: 'history-out' });
  const rows = calls.map(c => el('tr', { class: 'history-call ' + (c.ok ? 'ok' : 'error'), 'data-id': String(c.id) },
    el('td', {}, el('input', { type: 'checkbox', class: 'history-pick', value: String(c.id) })),
    el('td', {}, String(c.id)), el('td', { class: 'history-method' }, c.method),
    el('td', { class: 'history-params' }, JSON.stringify(c.params)), el('td', {}, c.ok ? 'ok' : 'error'),
    el('td', {}, c.millis + ' ms'),
    el('td', {}, el('button', { type: 'button', class: 'history-replay', onclick: async () => {
      const again = await post('history/replay', { id: c.id });
      out.replaceChildren(el('h3', {}, 'Replayed ' + c.method), el('pre', { id: 'replay-result' }, pretty(again.body)));
    } }, 'Replay'))));
  const name = el('input', { id: 'collection-name', type: 'text', size: 24, placeholder: 'collection name' });
  const save = el('button', { id: 'collection-save', type: 'button', onclick: async () => {
    const ids = [...root.querySelectorAll('.history-pick:checked')].map(b => Number(b.value));
    const s = await post('history/collection', { name: name.value.trim(), ids });
    if (s.status !== 200) {
      out.replaceChildren(el('p', { id: 'collection-error', class: 'error' }, (s.body.error && s.body.error.message) || ('HTTP ' + s.status)));
      return;
    }
    const file = (name.value.trim() || 'inspector').replace(/[^A-Za-z0-9_.-]/g, '-') + '.json';
    out.replaceChildren(el('p', {}, download(file, s.body), ' — run it with ', el('code', {}, 'mcpkit test ' + file)),
      el('pre', { id: 'collection-json' }, pretty(s.body)));
  } }, 'Save as collection (checked calls, or all)');
  root.append(el('h2', {}, 'History'),
    calls.length === 0 ? el('p', {}, 'No calls yet.') : el('table', { id: 'history-list', class: 'list' }, rows),
    el('div', { class: 'row' }, name, save), out);
}
