// Security view: mcpkit-guard's findings for what the connected server shows a model (its standard rules): rule code,
// severity, where (JSON pointer), the excerpt with invisible characters shown escaped (by the guard), and the fix.
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
  out.replaceChildren(
    el('p', { id: 'security-summary', class: found.length ? 'error' : 'ok' }, found.length === 0
      ? 'No findings (' + r.body.rules + ' rules).'
      : found.length + (found.length === 1 ? ' finding' : ' findings') + ' (' + r.body.rules + ' rules).'),
    found.length === 0 ? null : el('table', { id: 'security-findings', class: 'list' },
      el('tr', {}, ['Severity', 'Rule', 'Where', 'Excerpt', 'Fix'].map(h => el('th', {}, h))),
      found.map(f => el('tr', { class: 'finding severity-' + f.severity, 'data-code': f.code, 'data-severity': f.severity },
        el('td', {}, f.severity), el('td', {}, f.code, el('br'), el('small', {}, f.title)),
        el('td', {}, f.subject, el('br'), el('code', { class: 'finding-pointer' }, f.pointer)),
        el('td', {}, el('code', { class: 'finding-excerpt' }, f.excerpt)), el('td', {}, f.fix)))));
}
