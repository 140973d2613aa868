// Resources view: resources (read), templates (variables with completion, read), subscribe to updates.
import { el, rpc, post } from './api.js';
import { embedded, rpcError } from './render.js';

export async function showResources(root, state) {
  const list = el('ul', { id: 'resource-list', class: 'list' });
  const templates = el('ul', { id: 'template-list', class: 'list' });
  const detail = el('div', { id: 'resource-detail' }, el('p', {}, 'Pick a resource or a template.'));
  root.append(el('h2', {}, 'Resources'),
    el('div', { class: 'split' }, el('div', {}, list, el('h3', {}, 'Templates'), templates), detail));
  const out = await rpc('resources/list', {});
  if (out.error) list.append(el('li', {}, rpcError(out.error)));
  for (const r of (out.result && out.result.resources) || []) {
    const li = el('li', { class: 'resource', 'data-uri': r.uri }, r.name || r.uri, el('small', {}, r.uri));
    li.addEventListener('click', () => read(detail, r.uri, state));
    list.append(li);
  }
  const t = await rpc('resources/templates/list', {});
  for (const tpl of (t.result && t.result.resourceTemplates) || []) {
    const li = el('li', { class: 'template', 'data-uri': tpl.uriTemplate }, tpl.name || tpl.uriTemplate, el('small', {}, tpl.uriTemplate));
    li.addEventListener('click', () => showTemplate(detail, tpl, state));
    templates.append(li);
  }
}

async function read(detail, uri, state) {
  const out = await rpc('resources/read', { uri });
  const subscribe = el('button', { id: 'subscribe', type: 'button' }, 'Subscribe to updates');
  subscribe.addEventListener('click', async () => {
    const r = (await post('subscribe', { uri })).body;
    subscribe.textContent = r.error ? 'Subscribe failed: ' + r.error.message : 'Subscribed (updates appear in Live)';
  });
  detail.replaceChildren(el('div', {}, el('h3', { id: 'resource-uri' }, uri), subscribe,
    out.error ? rpcError(out.error) : el('div', { id: 'resource-contents' }, (out.result.contents || []).map(embedded))));
}

function variables(template) {
  return [...template.matchAll(/\{[+#./;?&]?([^}]+)\}/g)].flatMap(m => m[1].split(',').map(v => v.replace(/\*$|:\d+$/, '')));
}

function showTemplate(detail, tpl, state) {
  const names = variables(tpl.uriTemplate);
  const inputs = {};
  const fields = names.map(n => {
    const listId = 'complete-' + n;
    const input = el('input', { name: 'var-' + n, list: listId, autocomplete: 'off' });
    const options = el('datalist', { id: listId });
    input.addEventListener('input', async () => {
      if (!state.capabilities || !state.capabilities.completions) return;
      const context = {};
      for (const [k, i] of Object.entries(inputs)) if (k !== n && i.value) context[k] = i.value;
      const r = await rpc('completion/complete', { ref: { type: 'ref/resource', uri: tpl.uriTemplate },
        argument: { name: n, value: input.value }, context: { arguments: context } });
      options.replaceChildren(...((r.result && r.result.completion && r.result.completion.values) || [])
        .map(v => el('option', { value: v })));
    });
    inputs[n] = input;
    return el('div', { class: 'field' }, el('label', {}, n, input), options);
  });
  const readButton = el('button', { id: 'read-template', type: 'button' }, 'Read');
  const out = el('div', { id: 'template-result' });
  readButton.addEventListener('click', async () => {
    const uri = tpl.uriTemplate.replace(/\{[+#./;?&]?([^}]+)\}/g, (_, v) => v.split(',')
      .map(n => encodeURIComponent(inputs[n.replace(/\*$|:\d+$/, '')].value)).join(','));
    const r = await rpc('resources/read', { uri });
    out.replaceChildren(el('p', {}, uri), r.error ? rpcError(r.error) : el('div', { id: 'resource-contents' }, (r.result.contents || []).map(embedded)));
  });
  detail.replaceChildren(el('h3', {}, tpl.uriTemplate), el('p', {}, tpl.description || ''), ...fields, readButton, out);
}
