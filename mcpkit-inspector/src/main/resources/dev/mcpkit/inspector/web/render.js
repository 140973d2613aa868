// Renders results by content type. Server text is always set as text (never parsed as HTML).
import { el, pretty } from './api.js';
import { validate } from './schema.js';

const SAFE_IMAGE = /^image\/(png|jpeg|gif|webp|bmp)$/;
const SAFE_AUDIO = /^audio\/[a-z0-9.+-]+$/;

export function content(block, onReadLink) {
  switch (block.type) {
    case 'text':
      return el('pre', { class: 'content-text' }, block.text);
    case 'image':
      return SAFE_IMAGE.test(block.mimeType || '')
        ? el('img', { class: 'content-image', alt: 'image from the server', src: 'data:' + block.mimeType + ';base64,' + block.data })
        : el('p', { class: 'content-image error' }, 'image of type ' + block.mimeType + ' not shown');
    case 'audio':
      return SAFE_AUDIO.test(block.mimeType || '')
        ? el('audio', { class: 'content-audio', controls: true, src: 'data:' + block.mimeType + ';base64,' + block.data })
        : el('p', { class: 'content-audio error' }, 'audio of type ' + block.mimeType + ' not shown');
    case 'resource':
      return embedded(block.resource || {});
    case 'resource_link':
      return el('div', { class: 'content-link' }, 'Resource link: ', el('code', {}, block.uri),
        block.name ? ' (' + block.name + ')' : '', block.mimeType ? ' ' + block.mimeType : '',
        onReadLink ? el('button', { type: 'button', class: 'read-link', onclick: () => onReadLink(block.uri) }, 'Read') : null);
    default:
      return el('pre', { class: 'content-other' }, pretty(block));
  }
}

export function embedded(r) {
  return el('div', { class: 'content-resource' },
    el('div', {}, 'Resource ', el('code', { class: 'resource-uri' }, r.uri), r.mimeType ? ' · ' + r.mimeType : ''),
    r.text !== undefined ? el('pre', { class: 'resource-text' }, r.text)
      : el('p', { class: 'resource-blob' }, 'binary, ' + Math.floor((r.blob || '').length * 3 / 4) + ' bytes'));
}

/** A tools/call result: its content blocks, isError, and structuredContent checked against the outputSchema. */
export function toolResult(out, tool, onReadLink) {
  if (out.error) return rpcError(out.error);
  const r = out.result || {};
  const box = el('div', { id: 'tool-result', class: r.isError ? 'is-error' : '' });
  if (r.isError) box.append(el('p', { id: 'tool-is-error', class: 'error' }, 'The tool reported an error (isError: true)'));
  for (const c of r.content || []) box.append(content(c, onReadLink));
  if (r.structuredContent !== undefined) {
    box.append(el('h4', {}, 'structuredContent'), el('pre', { id: 'structured-content' }, pretty(r.structuredContent)));
    if (tool && tool.outputSchema) {
      const errors = validate(r.structuredContent, tool.outputSchema);
      box.append(errors.length === 0
        ? el('p', { id: 'output-check', class: 'ok' }, 'matches the outputSchema')
        : el('div', { id: 'output-check', class: 'error' }, 'does not match the outputSchema:',
          el('ul', {}, errors.map(e => el('li', {}, e)))));
    }
  } else if (tool && tool.outputSchema && !r.isError) {
    box.append(el('p', { id: 'output-check', class: 'error' }, 'the tool has an outputSchema but sent no structuredContent'));
  }
  box.append(el('small', {}, (out.millis ?? '?') + ' ms'));
  return box;
}

export function rpcError(e) {
  return el('div', { class: 'rpc-error error' },
    'Error' + (e.code !== undefined ? ' ' + e.code : '') + ': ' + e.message,
    e.data !== undefined ? el('pre', {}, pretty(e.data)) : null);
}
