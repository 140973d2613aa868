// Live view: notifications, server logs (with the level control), progress; elicitation requests answered here.
import { el, post, rpc, pretty } from './api.js';
import { elicit, sample } from './asks.js';

const LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
const KINDS = new Set(['notification', 'log', 'progress', 'warning', 'status', 'elicitation', 'elicitation-answered',
  'sampling', 'sampling-answered']);
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
    case 'elicitation': return el('li', { class: 'live-elicitation' }, time, ' elicitation' + (e.mode === 'url' ? ' (URL)' : '') + ': ',
      e.params.message || '');
    case 'sampling': return el('li', { class: 'live-sampling' }, time, ' sampling request (' + (e.params.messages || []).length + ' messages)');
    default: return el('li', { class: 'live-' + e.kind }, time, ' ', e.kind, ' ', e.message || e.action || '');
  }
}

export const live = {
  add(e) {
    if (!KINDS.has(e.kind)) return;
    entries.push(e);
    if (entries.length > 2000) entries.shift();
    if (e.kind === 'elicitation') elicit(e);
    if (e.kind === 'sampling') sample(e);
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
