// Prompts view: arguments (with completion when the server offers it) and the messages rendered.
import { el, rpc } from './api.js';
import { content, rpcError } from './render.js';

export async function showPrompts(root, state) {
  const list = el('ul', { id: 'prompt-list', class: 'list' });
  const detail = el('div', { id: 'prompt-detail' }, el('p', {}, 'Pick a prompt.'));
  root.append(el('h2', {}, 'Prompts'), el('div', { class: 'split' }, list, detail));
  const out = await rpc('prompts/list', {});
  if (out.error) { list.append(el('li', {}, rpcError(out.error))); return; }
  for (const p of out.result.prompts || []) {
    const li = el('li', { class: 'prompt', 'data-name': p.name }, p.title || p.name, el('small', {}, p.description || ''));
    li.addEventListener('click', () => showPrompt(detail, p, state));
    list.append(li);
  }
}

function showPrompt(detail, prompt, state) {
  const inputs = {};
  const fields = (prompt.arguments || []).map(a => {
    const options = el('datalist', { id: 'pcomplete-' + a.name });
    const input = el('input', { name: 'parg-' + a.name, list: 'pcomplete-' + a.name, required: a.required, autocomplete: 'off' });
    input.addEventListener('input', async () => {
      if (!state.capabilities || !state.capabilities.completions) return;
      const r = await rpc('completion/complete', { ref: { type: 'ref/prompt', name: prompt.name },
        argument: { name: a.name, value: input.value } });
      options.replaceChildren(...((r.result && r.result.completion && r.result.completion.values) || [])
        .map(v => el('option', { value: v })));
    });
    inputs[a.name] = input;
    return el('div', { class: 'field' }, el('label', {}, el('span', { class: a.required ? 'required' : '' }, a.name), input),
      el('small', {}, a.description || ''), options);
  });
  const get = el('button', { id: 'get-prompt', type: 'button' }, 'Get prompt');
  const out = el('div', { id: 'prompt-messages' });
  get.addEventListener('click', async () => {
    const args = {};
    for (const [k, i] of Object.entries(inputs)) if (i.value !== '') args[k] = i.value;
    const r = await rpc('prompts/get', { name: prompt.name, arguments: args });
    if (r.error) { out.replaceChildren(rpcError(r.error)); return; }
    out.replaceChildren(r.result.description ? el('p', { class: 'prompt-description' }, r.result.description) : '',
      ...(r.result.messages || []).map(m => el('div', { class: 'message role-' + m.role },
        el('strong', { class: 'message-role' }, m.role), content(m.content))));
  });
  detail.replaceChildren(el('h3', {}, prompt.name), el('p', {}, prompt.description || ''), ...fields, get, out);
}
