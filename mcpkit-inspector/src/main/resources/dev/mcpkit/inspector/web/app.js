// The inspector's page: connection form, tabs, and the event poll that feeds the live and network views.
import { get, post, el } from './api.js';
import { showServer } from './server.js';
import { showTools } from './tools.js';
import { showResources } from './resources.js';
import { showPrompts } from './prompts.js';
import { live } from './live.js';
import { network } from './network.js';
import { showOAuth } from './oauth.js';
import { offerSignIn } from './signin.js';
import { showHistory } from './history.js';
import { showDiff } from './diff.js';
import { showDoctor } from './doctor.js';
import { showSecurity } from './security.js';

const app = { state: {}, view: 'server' };
const views = { server: showServer, tools: showTools, resources: showResources, prompts: showPrompts,
  live: (root) => live.show(root), network: (root) => network.show(root, app.state), oauth: showOAuth,
  history: showHistory, diff: showDiff, doctor: showDoctor, security: showSecurity };

function lines(text) {
  return text.split('\n').map(s => s.trim()).filter(s => s.length > 0);
}

function pairs(text, sep) {
  const o = {};
  for (const l of lines(text)) {
    const i = l.indexOf(sep);
    if (i > 0) o[l.slice(0, i).trim()] = l.slice(i + 1).trim();
  }
  return o;
}

function formTarget() {
  return {
    url: document.getElementById('url').value.trim(),
    protocol: document.getElementById('protocol').value,
    headers: pairs(document.getElementById('headers').value, ':'),
    command: lines(document.getElementById('command').value),
    env: pairs(document.getElementById('env').value, '=')
  };
}

let pending = null; // what the confirmation box will connect to

async function connect(target, confirmed) {
  const err = document.getElementById('connect-error');
  err.hidden = true;
  pending = target;
  target = { ...target, confirmed };
  setStatus({ status: 'connecting' });
  const r = await post('connect', target);
  if (r.status === 409 && r.body.confirm) {
    // a stdio server is started only after the user saw the exact command
    const box = document.getElementById('confirm-run');
    document.getElementById('confirm-command').textContent = r.body.confirm.argv.join(' ')
      + Object.keys(r.body.confirm.env || {}).map(k => '\n  env ' + k + '=' + r.body.confirm.env[k]).join('');
    box.hidden = false;
    setStatus({ status: 'idle' });
    return;
  }
  if (r.status !== 200) {
    err.textContent = (r.body.error && r.body.error.message) || ('HTTP ' + r.status);
    err.hidden = false;
  }
  await refresh();
}

function setStatus(s) {
  const e = document.getElementById('status');
  e.textContent = s.status + (s.protocolVersion ? ' · ' + s.protocolVersion : '');
  e.className = 'status ' + s.status;
  const t = s.target;
  document.getElementById('target-summary').textContent = !t ? ''
    : t.kind === 'http' ? t.url : t.argv.join(' ');
  offerSignIn(s);
  document.getElementById('connect-doctor').hidden = s.status !== 'failed';
  const err = document.getElementById('connect-error');
  if ((s.status === 'failed' || s.status === 'sign-in') && s.error) {
    err.textContent = s.error;
    err.hidden = false;
  } else if (s.status === 'connected') {
    err.hidden = true;
  }
}

export async function refresh() {
  const r = await get('state');
  const before = app.state.status + '|' + app.state.protocolVersion;
  app.state = r.body;
  setStatus(app.state);
  if (before !== app.state.status + '|' + app.state.protocolVersion) {
    render();
  }
}

function render() {
  for (const b of document.querySelectorAll('#tabs button')) {
    b.classList.toggle('active', b.dataset.view === app.view);
  }
  for (const v of document.querySelectorAll('.view')) {
    v.hidden = v.id !== 'view-' + app.view;
  }
  const root = document.getElementById('view-' + app.view);
  root.replaceChildren();
  if (app.state.status !== 'connected' && !['live', 'network', 'oauth', 'history', 'doctor'].includes(app.view)) {
    root.append(el('p', { id: 'not-connected' }, 'Not connected. Enter a URL or a command above.'));
    return;
  }
  views[app.view](root, app.state);
}

let since = 0;
async function poll() {
  try {
    const r = await get('events?since=' + since);
    for (const e of r.body.events || []) {
      since = Math.max(since, e.seq);
      live.add(e);
      network.add(e);
      if (e.kind === 'status') await refresh();
    }
  } catch (e) {
    // the inspector was stopped: keep the page as it is
  }
  setTimeout(poll, 400);
}

async function loadConfigs() {
  const r = await get('configs');
  const select = document.getElementById('config-server');
  for (const f of r.body.files || []) {
    for (const name of f.servers || []) {
      select.append(el('option', { value: JSON.stringify({ config: f.file, server: name }) }, name + ' — ' + f.file));
    }
  }
  document.getElementById('config-row').hidden = select.options.length === 0;
}

document.getElementById('connect-form').addEventListener('submit', ev => { ev.preventDefault(); connect(formTarget(), false); });
document.getElementById('connect-config').addEventListener('click', () => {
  connect(JSON.parse(document.getElementById('config-server').value), false);
});
document.getElementById('confirm-yes').addEventListener('click', () => {
  document.getElementById('confirm-run').hidden = true;
  connect(pending, true);
});
document.getElementById('confirm-no').addEventListener('click', () => {
  document.getElementById('confirm-run').hidden = true;
});
document.getElementById('connect-doctor').addEventListener('click', () => {
  app.view = 'doctor';
  render();
  document.getElementById('doctor-run').click();
});
document.getElementById('disconnect').addEventListener('click', async () => { await post('disconnect'); refresh(); });
for (const b of document.querySelectorAll('#tabs button')) {
  b.addEventListener('click', () => { app.view = b.dataset.view; render(); });
}

refresh().then(() => {
  // with a target given on the command line, show its tools once connected
  if (app.state.status === 'connected' || app.state.status === 'connecting') app.view = 'tools';
  render();
  poll();
  loadConfigs();
});
