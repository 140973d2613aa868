package dev.mcpkit.core.jsonschema;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A proof, without the validator, that params are valid against a params schema of the plainest kind: an object
 * whose listed properties are each {@code true} or only a type ({@code "string"} or {@code "object"}, an object with
 * any members), plus the names it requires. A {@code tools/call} with its {@code _meta} already known valid is
 * such a case, and running the general validator on it (an execution context, a path per property, on every
 * call) was a measurable part of a request.
 *
 * <p>It only ever answers "valid" for params the validator would pass: a keyword outside this subset makes the schema
 * (or that property) not plain, and params that use such a property, or break a rule, are left to the validator,
 * which reports the problems in its own words. Annotations ({@code description}, {@code title}, {@code $comment})
 * validate nothing, so they are allowed anywhere.
 */
class PlainShape {

  private static final Set<String> ANNOTATIONS = Set.of("description", "title", "$comment");
  // At the top: $schema names the dialect, $defs holds definitions only a $ref reaches (and no plain
  // property has one).
  private static final Set<String> ROOT = Set.of("type", "properties", "required", "$schema", "$defs");

  /** What a plain property accepts; {@code null} in {@link #properties} marks one that is not plain. */
  private enum Kind {
    ANY, STRING, OBJECT
  }

  // The listed properties and their kinds, in two arrays: read on every request, without an iterator.
  /** Accepts nothing: the validator decides every time. */
  static final PlainShape NONE = new PlainShape(Map.of(), new String[0]) {
    @Override
    boolean accepts(JsonNode params) {
      return false;
    }
  };

  private final String[] names;
  private final Kind[] kinds;
  private final String[] required;

  private PlainShape(Map<String, Kind> properties, String[] required) {
    this.names = properties.keySet().toArray(String[]::new);
    this.kinds = new Kind[names.length];
    for (int i = 0; i < names.length; i++) {
      kinds[i] = properties.get(names[i]);
    }
    this.required = required;
  }

  /** The shape of a params schema, or {@code null} when the schema is not plain at its top level. */
  static PlainShape of(JsonNode schema) {
    if (!(schema instanceof ObjectNode root) || !"object".equals(type(root))) {
      return null;
    }
    for (String k : root.propertyNames()) {
      if (!ROOT.contains(k) && !ANNOTATIONS.contains(k)) {
        return null;
      }
    }
    Map<String, Kind> properties = new HashMap<>();
    JsonNode props = root.get("properties");
    if (props != null) {
      if (!(props instanceof ObjectNode p)) {
        return null;
      }
      p.properties().forEach(e -> properties.put(e.getKey(), kind(e.getValue())));
    }
    JsonNode req = root.get("required");
    String[] required = new String[req == null ? 0 : req.size()];
    if (req != null) {
      if (!req.isArray()) {
        return null;
      }
      for (int i = 0; i < required.length; i++) {
        if (!req.get(i).isString()) {
          return null;
        }
        required[i] = req.get(i).asString();
      }
    }
    return new PlainShape(properties, required);
  }

  private static String type(ObjectNode schema) {
    JsonNode t = schema.get("type");
    return t != null && t.isString() ? t.asString() : null;
  }

  /** A property's kind, or {@code null} when its schema is not plain. */
  private static Kind kind(JsonNode schema) {
    if (schema.isBoolean()) {
      return schema.booleanValue() ? Kind.ANY : null;
    }
    if (!(schema instanceof ObjectNode s)) {
      return null;
    }
    String type = type(s);
    Kind kind = "string".equals(type) ? Kind.STRING : "object".equals(type) ? Kind.OBJECT : null;
    if (kind == null) {
      return null;
    }
    for (String k : s.propertyNames()) {
      if (k.equals("type") || ANNOTATIONS.contains(k)) {
        continue;
      }
      // additionalProperties: true or {} (any member) on an object adds no rule
      JsonNode v = s.get(k);
      boolean anyMember = v.isBoolean() ? v.booleanValue() : v instanceof ObjectNode o && o.isEmpty();
      if (!(k.equals("additionalProperties") && kind == Kind.OBJECT && anyMember)) {
        return null;
      }
    }
    return kind;
  }

  /**
   * Whether the params are certainly valid. {@code false} means "ask the validator": they may still be valid (a
   * property that is not plain is present).
   */
  boolean accepts(JsonNode params) {
    if (!(params instanceof ObjectNode p)) {
      return false;
    }
    for (String name : required) {
      if (p.get(name) == null) {
        return false;
      }
    }
    // Members the schema does not list are allowed (no additionalProperties at the top).
    for (int i = 0; i < names.length; i++) {
      JsonNode v = p.get(names[i]);
      if (v == null) {
        continue;
      }
      Kind kind = kinds[i];
      boolean ok = kind == Kind.ANY || (kind == Kind.STRING && v.isString()) || (kind == Kind.OBJECT && v.isObject());
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
