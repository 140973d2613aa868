// A form generated from a JSON Schema (2020-12 subset): objects (nested), arrays, enums, oneOf/anyOf, defaults,
// required, formats. field(schema) returns {node, get}; get() gives the value, or undefined when left empty.
import { el, pretty } from './api.js';

const FORMAT_INPUT = { 'date': 'date', 'date-time': 'datetime-local', 'email': 'email', 'uri': 'url', 'time': 'time' };

function typeOf(schema) {
  if (Array.isArray(schema.type)) return schema.type.find(t => t !== 'null') || 'string';
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

export function field(schema, name, required, path) {
  schema = schema || {};
  path = path || name || 'root';
  const label = el('span', { class: required ? 'required' : '' }, schema.title || name || '');
  const help = schema.description ? el('small', { class: 'help' }, ' ' + schema.description) : null;
  const titled = constChoices(schema);
  if (titled) return enumField({ ...schema, enum: titled.map(o => o.const), enumNames: titled.map(o => o.title) },
    required, path, label, help);
  if (schema.oneOf || schema.anyOf) return variants(schema, name, required, path, label, help);
  if (schema.enum) return enumField(schema, required, path, label, help);
  switch (typeOf(schema)) {
    case 'object': return objectField(schema, name, path, label, help);
    case 'array': return arrayField(schema, path, label, help);
    case 'boolean': {
      const box = el('input', { type: 'checkbox', name: 'arg-' + path, checked: schema.default === true });
      let touched = schema.default !== undefined || required;
      box.addEventListener('change', () => { touched = true; });
      return { node: el('div', { class: 'field' }, el('label', {}, label, box), help), get: () => touched ? box.checked : undefined };
    }
    case 'integer':
    case 'number': {
      const input = el('input', { type: 'number', name: 'arg-' + path, step: typeOf(schema) === 'integer' ? '1' : 'any',
        value: schema.default, required });
      return { node: el('div', { class: 'field' }, el('label', {}, label, input), help),
        get: () => input.value === '' ? undefined : Number(input.value) };
    }
    case 'string': {
      const input = el('input', { type: FORMAT_INPUT[schema.format] || 'text', name: 'arg-' + path,
        value: schema.default, required, placeholder: schema.format });
      return { node: el('div', { class: 'field' }, el('label', {}, label, input), help),
        get: () => input.value === '' ? (required ? '' : undefined) : input.value };
    }
    default: {
      // no type: any JSON value
      const area = el('textarea', { name: 'arg-' + path, rows: 2, placeholder: 'JSON value' });
      if (schema.default !== undefined) area.value = JSON.stringify(schema.default);
      return { node: el('div', { class: 'field' }, el('label', {}, label, area), help),
        get: () => area.value.trim() === '' ? undefined : JSON.parse(area.value) };
    }
  }
}

function objectField(schema, name, path, label, help) {
  const required = new Set(schema.required || []);
  const children = Object.entries(schema.properties || {}).map(([k, s]) =>
    [k, field(s, k, required.has(k), path === 'root' ? k : path + '.' + k)]);
  const box = path === 'root' ? el('div', { class: 'object-root' }) : el('fieldset', {}, el('legend', {}, label), help);
  children.forEach(([, f]) => box.append(f.node));
  return { node: box, get: () => {
    const o = {};
    let any = false;
    for (const [k, f] of children) {
      const v = f.get();
      if (v !== undefined) { o[k] = v; any = true; }
    }
    return any || path === 'root' ? o : undefined;
  } };
}

function arrayField(schema, path, label, help) {
  const items = [];
  const list = el('div', { class: 'array-items' });
  const add = (init) => {
    // an item's initial value (from the array's default) is that item's default: a select picks its option
    const itemSchema = init === undefined ? (schema.items || {}) : { ...(schema.items || {}), default: init };
    const f = field(itemSchema, '#' + (items.length + 1), true, path + '.' + items.length);
    const entry = { f, row: el('div', { class: 'array-item' }, f.node) };
    entry.row.append(el('button', { type: 'button', class: 'remove-item', onclick: () => {
      items.splice(items.indexOf(entry), 1);
      entry.row.remove();
    } }, 'remove'));
    items.push(entry);
    list.append(entry.row);
  };
  (Array.isArray(schema.default) ? schema.default : []).forEach(add);
  const node = el('fieldset', { class: 'array', 'data-path': path }, el('legend', {}, label), help, list,
    el('button', { type: 'button', class: 'add-item', name: 'add-' + path, onclick: () => add() }, 'add item'));
  return { node, get: () => items.length === 0 ? undefined : items.map(e => e.f.get()) };
}

// A titled enum as JSON Schema writes it (MCP elicitation's titled single- and multi-select): oneOf/anyOf whose every
// option is a const (with a title); the options, or null.
function constChoices(schema) {
  const options = schema.oneOf || schema.anyOf;
  return Array.isArray(options) && options.length > 0 && options.every(o => o && 'const' in o) ? options : null;
}

function enumField(schema, required, path, label, help) {
  // enumNames (the legacy titled enum) or the consts' titles label the options; the value sent is the enum value
  const names = Array.isArray(schema.enumNames) ? schema.enumNames : [];
  const select = el('select', { name: 'arg-' + path },
    required ? null : el('option', { value: '' }, ''),
    schema.enum.map((v, i) => el('option', { value: String(i), selected: JSON.stringify(v) === JSON.stringify(schema.default) },
      names[i] !== undefined && names[i] !== null ? String(names[i]) : String(v))));
  return { node: el('div', { class: 'field' }, el('label', {}, label, select), help),
    get: () => select.value === '' ? undefined : schema.enum[Number(select.value)] };
}

function variants(schema, name, required, path, label, help) {
  const options = schema.oneOf || schema.anyOf;
  const holder = el('div', { class: 'variant' });
  let current = null;
  const select = el('select', { name: 'variant-' + path },
    options.map((s, i) => el('option', { value: String(i) }, s.title || typeOf(s) || ('option ' + (i + 1)))));
  const pick = () => {
    const base = { ...options[Number(select.value)] };
    if (!base.type && schema.type) base.type = schema.type;
    current = field(base, '', required, path);
    holder.replaceChildren(current.node);
  };
  select.addEventListener('change', pick);
  pick();
  return { node: el('fieldset', { class: 'one-of' }, el('legend', {}, label, ' (', schema.oneOf ? 'oneOf' : 'anyOf', ')'),
    help, select, holder), get: () => current.get() };
}

/** A schema form with a raw-JSON mode; value() returns the arguments object. */
export function schemaForm(schema) {
  let f = field(schema || { type: 'object' }, '', true, 'root');
  const formBox = el('div', { id: 'schema-form' }, f.node);
  const raw = el('textarea', { id: 'raw-json', rows: 8, cols: 60, hidden: true });
  const toggle = el('input', { type: 'checkbox', id: 'raw-toggle' });
  toggle.addEventListener('change', () => {
    if (toggle.checked) {
      try { raw.value = pretty(f.get() || {}); } catch (e) { raw.value = '{}'; }
    }
    raw.hidden = !toggle.checked;
    formBox.hidden = toggle.checked;
  });
  const node = el('div', {}, el('label', { class: 'raw-mode' }, el('span', {}, 'Raw JSON'), toggle), formBox, raw);
  return { node, value: () => toggle.checked ? JSON.parse(raw.value || '{}') : (f.get() || {}) };
}
