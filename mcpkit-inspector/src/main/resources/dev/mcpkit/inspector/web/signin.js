// Sign-in for the page's connection: when the server answered 401 and no stored sign-in (mcpkit login) helped, the
// inspector signs in with mcpkit's OAuth client, the same path as the OAuth debugger (whose view shows the steps); the
// sign-in page opens in a new tab of this browser, and the inspector connects again once the tokens are stored.
import { get, post, el } from './api.js';

let timer = null;

/** Shows or hides the sign-in offer for the connection state {@code s}. */
export function offerSignIn(s) {
  const box = document.getElementById('signin-box');
  box.hidden = s.status !== 'sign-in';
  if (box.hidden) {
    clearTimeout(timer);
    document.getElementById('signin-progress').replaceChildren();
  }
}

async function start() {
  const progress = document.getElementById('signin-progress');
  const r = await post('signin', { clientId: document.getElementById('signin-client-id').value.trim() });
  if (r.status !== 200) {
    progress.replaceChildren(el('span', { class: 'error' }, (r.body.error && r.body.error.message) || ('HTTP ' + r.status)));
    return;
  }
  follow();
}

async function follow() {
  clearTimeout(timer);
  const progress = document.getElementById('signin-progress');
  const run = (await get('oauth')).body;
  const open = (run.steps || []).find(s => s.openUrl);
  progress.replaceChildren(
    el('span', { id: 'signin-status', class: 'status ' + run.status }, run.status), ' ',
    el('span', { id: 'signin-message', class: run.status === 'failed' ? 'error' : '' }, run.message || ''),
    run.status === 'browser' && open
      ? el('span', {}, ' ', el('a', { id: 'signin-open', href: open.openUrl, target: '_blank', rel: 'noopener' },
          'Open the sign-in page in a new tab'), ' — sign in there, then come back.')
      : null);
  if (run.status === 'running' || run.status === 'browser') timer = setTimeout(follow, 500);
}

document.getElementById('signin').addEventListener('click', start);
