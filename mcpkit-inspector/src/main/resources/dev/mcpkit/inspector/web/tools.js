// Tools view: the list, a form from the selected tool's input schema, the call and its result.
import { el, rpc, pretty } from './api.js';
import { schemaForm } from './form.js';
import { toolResult, rpcError, embedded } from './render.js';

export async function showTools(root) {
  const list = el('ul', { id: 'tool-list', class: 'list' });
  const detail = el('div', { id: 'tool-detail' }, el('p', {}, 'Pick a tool.'));
  root.append(el('h2', {}, 'Tools'), el('div', { class: 'split' }, list, detail));
  const out = await rpc('tools/list', {});
  if (out.error) { list.append(el('li', {}, rpcError(out.error))); return; }
  const tools = out.result.tools || [];
  if (tools.length === 0) list.append(el('li', {}, '(no tools)'));
  for (const t of tools) {
    const li = el('li', { class: 'tool', 'data-name': t.name }, t.title || t.name, el('small', {}, t.description || ''));
    li.addEventListener('click', () => {
      list.querySelectorAll('li').forEach(x => x.classList.remove('selected'));
      li.classList.add('selected');
      showTool(detail, t);
    });
    list.append(li);
  }
}

function showTool(detail, tool) {
  const form = schemaForm(tool.inputSchema);
  const result = el('div', { id: 'tool-result-box' });
  const error = el('p', { class: 'error', id: 'form-error' });
  const call = el('button', { id: 'call-tool', type: 'button' }, 'Call ' + tool.name);
  call.addEventListener('click', async () => {
    error.textContent = '';
    let args;
    try { args = form.value(); } catch (e) { error.textContent = 'The arguments are not valid JSON: ' + e.message; return; }
    result.replaceChildren(el('p', {}, 'calling…'));
    const out = await rpc('tools/call', { name: tool.name, arguments: args });
    result.replaceChildren(toolResult(out, tool, readLink(result)));
  });
  detail.replaceChildren(el('div', {},
    el('h3', { id: 'tool-name' }, tool.name),
    el('p', {}, tool.description || ''),
    tool.annotations ? el('pre', { class: 'annotations' }, pretty(tool.annotations)) : null,
    form.node, call, error, result,
    el('details', {}, el('summary', {}, 'Schemas'), el('pre', {}, pretty({ inputSchema: tool.inputSchema, outputSchema: tool.outputSchema })))));
}

function readLink(box) {
  return async (uri) => {
    const out = await rpc('resources/read', { uri });
    box.append(out.error ? rpcError(out.error) : el('div', {}, (out.result.contents || []).map(embedded)));
  };
}
