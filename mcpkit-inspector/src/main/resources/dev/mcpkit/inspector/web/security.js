// Security view: mcpkit-guard's findings for what the connected server shows a model (its standard rules): rule code,
// severity, where (JSON pointer), the excerpt with invisible characters shown escaped (by the guard), and the fix;
// then the server against its pins in the lock file (read-only: mcpkit scan --pin pins and re-approves).
import { post, el } from './api.js';

export async function showSecurity(root) {
  const out = el('div', { id: 'security-out' }, el('p', {}, 'scanning…'));
  const rescan = el('button', { id: 'security-scan', type: 'button', onclick: () => scan(out) }, 'Scan again');
  root.append(el('h2', {}, 'Security (mcpkit-guard)'), rescan, out);
  await scan(out);
}

async function scan(out) {
  const r = await post('security', {});
  if (r.status !== 200) { out.replaceChildren(el('p', { id: 'security-error', class: 'error' }, r.body.error.message)); return; }
  const found = r.body.findings || [];
  out.replaceChildren(...[ // (a null would be shown as the text "null")
    el('p', { id: 'security-summary', class: found.length ? 'error' : 'ok' }, found.length === 0
      ? 'No findings (' + r.body.rules + ' rules).'
      : found.length + (found.length === 1 ? ' finding' : ' findings') + ' (' + r.body.rules + ' rules).'),
    found.length === 0 ? null : el('table', { id: 'security-findings', class: 'list' },
      el('tr', {}, ['Severity', 'Rule', 'Where', 'Excerpt', 'Fix'].map(h => el('th', {}, h))),
      found.map(f => el('tr', { class: 'finding severity-' + f.severity, 'data-code': f.code, 'data-severity': f.severity },
        el('td', {}, f.severity), el('td', {}, f.code, el('br'), el('small', {}, f.title)),
        el('td', {}, f.subject, el('br'), el('code', { class: 'finding-pointer' }, f.pointer)),
        el('td', {}, el('code', { class: 'finding-excerpt' }, f.excerpt)), el('td', {}, f.fix)))),
    pins(r.body.pins)].filter(Boolean));
}

const STATES = { pinned: 'pinned, unchanged', changed: 'changed since pinned', new: 'new (not pinned)',
  removed: 'pinned, no longer offered' };

function pins(p) {
  if (!p) return null;
  const head = el('h3', {}, 'Pins (', el('code', {}, p.lockFile), ')');
  if (p.status === 'no-lock' || p.status === 'unreadable') {
    return el('div', { id: 'pins' }, head, el('p', { id: 'pins-status', 'data-status': p.status,
      class: p.status === 'unreadable' ? 'error' : '' }, p.message));
  }
  const row = (what, state, detail) => el('tr', { class: 'pin pin-' + state, 'data-key': what, 'data-state': state },
    el('td', {}, el('code', {}, what)), el('td', { class: 'pin-state' }, STATES[state] || state),
    el('td', {}, detail ? el('pre', { class: 'pin-diff' }, detail) : null));
  const id = p.identity;
  return el('div', { id: 'pins' }, head,
    el('p', { id: 'pins-status', 'data-status': p.status, class: p.status === 'checked' ? '' : 'error' },
      p.status === 'checked' ? 'Checked against the lock entry "' + p.key + '".' : p.message),
    el('table', { id: 'pins-table', class: 'list' },
      el('tr', {}, ['Definition', 'State', 'Detail'].map(h => el('th', {}, h))),
      row('server identity', id.state, id.state === 'changed' ? 'pinned: ' + id.pinned + '\nnow:    ' + id.now : id.now),
      (p.definitions || []).map(d => row(d.key, d.state, d.diff))));
}
