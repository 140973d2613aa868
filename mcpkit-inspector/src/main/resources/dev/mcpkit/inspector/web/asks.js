// What the server asks the user, in one dialog: a form elicitation (a form from its requestedSchema), a URL-mode
// elicitation (the URL shown first, opened in a new tab only after "Open it"), and a sampling request (the messages
// shown; the user writes or approves the reply, or rejects it). Server text is always set as text.
import { el, post } from './api.js';
import { field } from './form.js';

function dialog(...children) {
  const box = document.getElementById('elicitation');
  box.replaceChildren(...children);
  box.hidden = false;
  return () => { box.hidden = true; box.replaceChildren(); };
}

export function elicit(e) {
  const p = e.params || {};
  if (e.mode === 'url') return elicitUrl(e, p);
  const form = field(p.requestedSchema || { type: 'object' }, '', true, 'root');
  let close = null;
  const answer = async (action) => {
    await post('elicitation', { id: e.id, action, content: action === 'accept' ? form.get() : undefined });
    close();
  };
  close = dialog(el('h3', {}, 'The server asks'), el('p', { id: 'elicit-message' }, p.message || ''),
    el('form', { id: 'elicit-form' }, form.node),
    el('button', { id: 'elicit-accept', type: 'button', onclick: () => answer('accept') }, 'Send'),
    el('button', { id: 'elicit-decline', type: 'button', onclick: () => answer('decline') }, 'Decline'),
    el('button', { id: 'elicit-cancel', type: 'button', onclick: () => answer('cancel') }, 'Cancel'));
}

function elicitUrl(e, p) {
  // the inspector refused anything but http(s) already; the page checks again before opening
  let url = null;
  try { url = new URL(p.url); } catch (x) { url = null; }
  const web = url && (url.protocol === 'http:' || url.protocol === 'https:');
  let close = null;
  const answer = async (action) => {
    if (action === 'accept' && web) window.open(url.href, '_blank', 'noopener,noreferrer');
    await post('elicitation', { id: e.id, action });
    close();
  };
  close = dialog(el('h3', {}, 'The server asks you to open a page'), el('p', { id: 'elicit-message' }, p.message || ''),
    el('p', {}, 'It will open in a new tab: ', el('code', { id: 'elicit-url' }, p.url || '')),
    url ? el('p', {}, 'Site: ', el('strong', { id: 'elicit-url-host' }, url.host)) : null,
    web ? el('button', { id: 'elicit-open', type: 'button', onclick: () => answer('accept') }, 'Open it') : null,
    el('button', { id: 'elicit-decline', type: 'button', onclick: () => answer('decline') }, 'Decline'),
    el('button', { id: 'elicit-cancel', type: 'button', onclick: () => answer('cancel') }, 'Cancel'));
}

function content(c) {
  if (Array.isArray(c)) return c.map(content).join('\n');
  if (!c) return '';
  return c.type === 'text' ? c.text : '[' + c.type + (c.mimeType ? ' ' + c.mimeType : '') + ']';
}

export function sample(e) {
  const p = e.params || {};
  const reply = el('textarea', { id: 'sampling-reply', rows: 4, cols: 60, placeholder: 'the reply the server gets' });
  const model = el('input', { id: 'sampling-model', type: 'text', size: 30, placeholder: 'mcpkit-inspector (written by the user)' });
  const error = el('p', { id: 'sampling-error', class: 'error' });
  let close = null;
  const answer = async (action) => {
    error.textContent = '';
    const r = await post('sampling', { id: e.id, action, text: reply.value, model: model.value.trim() });
    if (r.status === 400) { error.textContent = r.body.error.message; return; }
    close();
  };
  close = dialog(el('h3', {}, 'The server asks for a model reply (sampling)'),
    p.systemPrompt ? el('p', { id: 'sampling-system' }, 'System prompt: ', p.systemPrompt) : null,
    el('ol', { id: 'sampling-messages' }, (p.messages || []).map(m =>
      el('li', { class: 'sampling-message', 'data-role': m.role }, el('strong', {}, m.role + ': '), content(m.content)))),
    el('p', {}, 'Max tokens: ', String(p.maxTokens ?? '')),
    el('label', {}, 'Reply ', reply), el('label', {}, 'Model ', model), error,
    el('button', { id: 'sampling-send', type: 'button', onclick: () => answer('send') }, 'Send reply'),
    el('button', { id: 'sampling-reject', type: 'button', onclick: () => answer('reject') }, 'Reject'));
}
