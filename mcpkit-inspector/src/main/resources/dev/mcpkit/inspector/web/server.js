// Server view: who the server is, what it can do, what it tells its clients.
import { el, pretty } from './api.js';

export function showServer(root, state) {
  const info = state.serverInfo || {};
  root.append(
    el('h2', {}, 'Server'),
    el('table', {},
      el('tr', {}, el('th', {}, 'Name'), el('td', { id: 'server-name' }, info.name || '')),
      el('tr', {}, el('th', {}, 'Version'), el('td', { id: 'server-version' }, info.version || '')),
      el('tr', {}, el('th', {}, 'Protocol'), el('td', { id: 'protocol-version' }, state.protocolVersion || '')),
      el('tr', {}, el('th', {}, 'Era'), el('td', { id: 'era' }, state.era || '')),
      el('tr', {}, el('th', {}, 'Transport'), el('td', { id: 'transport' }, state.transport || ''))),
    el('h3', {}, 'Capabilities'),
    el('pre', { id: 'capabilities' }, pretty(state.capabilities || {})),
    el('h3', {}, 'Instructions'),
    el('pre', { id: 'instructions' }, state.instructions || '(none)'),
    el('h3', {}, 'Target'),
    el('pre', { id: 'target' }, pretty(state.target || {})));
}
