// OAuth debugger: signs in with mcpkit's OAuth client and shows each step, its exchanges (secrets masked) and the
// spec's checks. The sign-in page opens in a new tab of this browser; the tab returns to the client's loopback listener.
import { get, post, el, pretty } from './api.js';

let timer = null;

export async function showOAuth(root) {
  const url = el('input', { id: 'oauth-url', type: 'text', size: 40, placeholder: 'http://127.0.0.1:3000/mcp' });
  url.value = document.getElementById('url').value.trim();
  const clientId = el('input', { id: 'oauth-client-id', type: 'text', size: 20, placeholder: 'optional' });
  const scope = el('input', { id: 'oauth-scope', type: 'text', size: 16, placeholder: 'optional' });
  // a Client ID Metadata Document: its https URL is the client id; the authorization server fetches the document
  const cimd = el('input', { id: 'oauth-cimd', type: 'url', size: 32, placeholder: 'optional: https://…/client.json' });
  const err = el('p', { id: 'oauth-error', class: 'error', hidden: true });
  const out = el('div', { id: 'oauth-run' });
  const start = el('button', { id: 'oauth-start', type: 'submit' }, 'Start sign-in');
  const form = el('form', { id: 'oauth-form', class: 'row' },
    el('label', {}, 'MCP server URL', url), el('label', {}, 'Pre-registered client id', clientId),
    el('label', {}, 'Extra scopes', scope), el('label', {}, 'Client ID Metadata Document URL', cimd), start);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    err.hidden = true;
    const r = await post('oauth/start', { url: url.value.trim(), clientId: clientId.value.trim(), scope: scope.value.trim(),
      clientMetadataUrl: cimd.value.trim() });
    if (r.status !== 200) {
      err.textContent = (r.body.error && r.body.error.message) || ('HTTP ' + r.status);
      err.hidden = false;
    }
    follow(out);
  });
  root.append(el('h2', {}, 'OAuth debugger'), form, err, out);
  follow(out);
}

async function follow(out) {
  clearTimeout(timer);
  if (!out.isConnected) return;
  const r = await get('oauth');
  draw(out, r.body);
  if (r.body.status === 'running' || r.body.status === 'browser') timer = setTimeout(() => follow(out), 500);
}

function draw(out, run) {
  const open = (run.steps || []).find(s => s.openUrl);
  out.replaceChildren(...[
    el('p', {}, el('span', { id: 'oauth-status', class: 'status ' + run.status }, run.status),
      ' ', run.server || '', ' ', el('span', { id: 'oauth-message', class: run.status === 'failed' ? 'error' : '' }, run.message || '')),
    run.status === 'browser' && open
      ? el('p', {}, el('a', { id: 'oauth-open', href: open.openUrl, target: '_blank', rel: 'noopener' },
          'Open the sign-in page in a new tab'), ' — sign in and approve there, then come back.')
      : null,
    el('ol', { id: 'oauth-steps', class: 'steps' }, (run.steps || []).map(step))].filter(Boolean));
}

function step(s) {
  return el('li', { id: 'oauth-step-' + s.id, class: 'step ' + s.status, 'data-status': s.status },
    el('h3', {}, el('span', { class: 'badge' }, s.status.toUpperCase()), ' ', s.title),
    el('ul', { class: 'checks' }, s.checks.map(c => el('li', { class: 'check ' + (c.ok ? 'ok' : 'error'),
      'data-check': c.name, 'data-ok': String(c.ok) },
      (c.ok ? '✓ ' : '✗ ') + c.name + ': ' + c.reason, el('small', {}, ' — ' + c.spec)))),
    s.exchanges.map(x => el('details', { class: 'exchange' },
      el('summary', {}, [x.method, x.url, x.status ? '→ ' + x.status : ''].filter(Boolean).join(' ')),
      x.request !== undefined ? el('pre', {}, typeof x.request === 'string' ? x.request : pretty(x.request)) : null,
      x.response !== undefined ? el('pre', {}, x.response) : null)));
}
