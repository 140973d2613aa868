// A small JSON Schema check for structuredContent against a tool's outputSchema: type, required, properties,
// items, enum, const, additionalProperties false. Enough to show a mismatch; not a full 2020-12 validator.
function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeOk(v, t) {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

export function validate(value, schema, path = '', errors = []) {
  if (!schema || typeof schema !== 'object') return errors;
  const where = path || '(root)';
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some(t => typeOk(value, t))) {
      errors.push(where + ': expected ' + types.join(' or ') + ', got ' + typeOf(value));
      return errors;
    }
  }
  if (schema.enum && !schema.enum.some(e => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(where + ': not one of ' + JSON.stringify(schema.enum));
  }
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    errors.push(where + ': must be ' + JSON.stringify(schema.const));
  }
  if (typeOf(value) === 'object') {
    for (const r of schema.required || []) {
      if (!(r in value)) errors.push(where + ': missing required property "' + r + '"');
    }
    const props = schema.properties || {};
    for (const [k, v] of Object.entries(value)) {
      if (props[k]) validate(v, props[k], path + '/' + k, errors);
      else if (schema.additionalProperties === false) errors.push(where + ': unexpected property "' + k + '"');
    }
  }
  if (typeOf(value) === 'array' && schema.items) {
    value.forEach((v, i) => validate(v, schema.items, path + '/' + i, errors));
  }
  return errors;
}
