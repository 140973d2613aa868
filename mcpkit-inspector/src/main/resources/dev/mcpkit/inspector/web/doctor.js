// Doctor view: mcpkit's connection doctor on the current target: what is wrong, what to do, and the evidence.
import { post, el } from './api.js';

export function showDoctor(root) {
  const out = el('div', { id: 'doctor-out' });
  const run = el('button', { id: 'doctor-run', type: 'button', onclick: async () => {
    out.replaceChildren(el('p', {}, 'examining the connection…'));
    const r = await post('doctor', {});
    if (r.status !== 200) { out.replaceChildren(el('p', { id: 'doctor-error', class: 'error' }, r.body.error.message)); return; }
    const d = r.body;
    out.replaceChildren(el('p', { id: 'doctor-finding', class: d.ok ? 'ok' : 'error', 'data-ok': String(d.ok) }, d.finding),
      d.advice ? el('p', { id: 'doctor-advice' }, 'What to do: ', d.advice) : null,
      el('ul', { id: 'doctor-details', class: 'list' }, (d.details || []).map(x => el('li', {}, x))));
  } }, 'Run the doctor');
  root.append(el('h2', {}, 'Connection doctor'), el('p', {}, 'Looks below the client at why the current target does or does not connect.'),
    run, out);
  return run;
}
