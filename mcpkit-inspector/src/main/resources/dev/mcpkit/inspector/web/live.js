// Live view: notifications, server logs (with the level control), progress; elicitation requests answered here.
import { el, post, rpc, pretty } from './api.js';
import { field } from './form.js';

const LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
const KINDS = new Set(['notification', 'log', 'progress', 'warning', 'status', 'elicitation', 'elicitation-answered']);
const entries = [];

function row(e) {
  const time = new Date(e.time).toLocaleTimeString();
  switch (e.kind) {
    case 'log': return el('li', { class: 'live-log' }, time, ' [', e.level, '] ', e.logger ? e.logger + ': ' : '',
      typeof e.data === 'string' ? e.data : JSON.stringify(e.data));
    case 'progress': return el('li', { class: 'live-progress' }, time, ' progress ', String(e.progress),
      e.total !== undefined ? '/' + e.total : '', e.message ? ' ' + e.message : '');
    case 'notification': return el('li', { class: 'live-notification' }, time, ' ', e.method, e.params ? ' ' + JSON.stringify(e.params) : '');
    case 'status': return el('li', { class: 'live-status' }, time, ' connection ', e.status, e.error ? ': ' + e.error : '');
    case 'elicitation': return el('li', { class: 'live-elicitation' }, time, ' elicitation: ', e.params.message || '');
    default: return el('li', { class: 'live-' + e.kind }, time, ' ', e.kind, ' ', e.message || e.action || '');
  }
}

function elicit(e) {
  // a server asks the user for input: a form from its requestedSchema, answered accept / decline / cancel
  const box = document.getElementById('elicitation');
  const p = e.params || {};
  const form = field(p.requestedSchema || { type: 'object' }, '', true, 'root');
  const answer = async (action) => {
    await post('elicitation', { id: e.id, action, content: action === 'accept' ? form.get() : undefined });
    box.hidden = true;
    box.replaceChildren();
  };
  box.replaceChildren(el('h3', {}, 'The server asks'), el('p', { id: 'elicit-message' }, p.message || ''),
    el('form', { id: 'elicit-form' }, form.node),
    el('button', { id: 'elicit-accept', type: 'button', onclick: () => answer('accept') }, 'Send'),
    el('button', { id: 'elicit-decline', type: 'button', onclick: () => answer('decline') }, 'Decline'),
    el('button', { id: 'elicit-cancel', type: 'button', onclick: () => answer('cancel') }, 'Cancel'));
  box.hidden = false;
}

export const live = {
  add(e) {
    if (!KINDS.has(e.kind)) return;
    entries.push(e);
    if (entries.length > 2000) entries.shift();
    if (e.kind === 'elicitation') elicit(e);
    const list = document.getElementById('live-list');
    if (list) list.append(row(e));
  },
  show(root) {
    const level = el('select', { id: 'log-level' }, LEVELS.map(l => el('option', {}, l)));
    const set = el('button', { id: 'set-level', type: 'button' }, 'Set log level');
    const result = el('span', { id: 'set-level-result' });
    set.addEventListener('click', async () => {
      const r = await rpc('logging/setLevel', { level: level.value });
      result.textContent = r.error ? 'refused: ' + r.error.message : 'level set to ' + level.value;
    });
    root.append(el('h2', {}, 'Live'), el('div', {}, level, set, result),
      el('ul', { id: 'live-list', class: 'list' }, entries.map(row)));
  },
  pretty
};
