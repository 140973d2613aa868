package dev.mcpkit.core.jsonschema;

import dev.mcpkit.core.json.Json;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates a JSON Schema 2020-12 from a Java type, so that a tool's input and output schemas come
 * from the record its handler uses. Records become objects (components are required unless they
 * are {@link Optional}); enums become string enums; collections become arrays; {@code
 * Map<String, X>} becomes an object with {@code additionalProperties}. {@link Description} adds
 * descriptions. Integers map to {@code integer}, {@link BigDecimal} and floating types to {@code
 * number}.
 */
public final class SchemaGenerator {

  private SchemaGenerator() {}

  /** The schema for a type; records nested in it are inlined. */
  public static ObjectNode schemaFor(Class<?> type) {
    ObjectNode schema = schema(type, new HashSet<>());
    if (!schema.has("type") || !"object".equals(schema.get("type").asString())) {
      throw new IllegalArgumentException("a tool schema must describe an object; " + type.getName() + " does not");
    }
    return schema;
  }

  private static ObjectNode schema(Type type, Set<Type> visiting) {
    ObjectNode s = Json.object();
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (Optional.class.equals(raw)) {
        return schema(args[0], visiting);
      }
      if (Collection.class.isAssignableFrom(raw)) {
        s.put("type", "array");
        s.set("items", schema(args[0], visiting));
        if (Set.class.isAssignableFrom(raw)) {
          s.put("uniqueItems", true);
        }
        return s;
      }
      if (Map.class.isAssignableFrom(raw)) {
        s.put("type", "object");
        s.set("additionalProperties", schema(args[1], visiting));
        return s;
      }
      return schema(raw, visiting);
    }
    if (type instanceof GenericArrayType g) {
      s.put("type", "array");
      s.set("items", schema(g.getGenericComponentType(), visiting));
      return s;
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class || c == Character.class || c == char.class) {
      s.put("type", "string");
    } else if (c == URI.class) {
      s.put("type", "string").put("format", "uri");
    } else if (c == UUID.class) {
      s.put("type", "string").put("format", "uuid");
    } else if (c == Instant.class || c == OffsetDateTime.class) {
      s.put("type", "string").put("format", "date-time");
    } else if (c == LocalDate.class) {
      s.put("type", "string").put("format", "date");
    } else if (c == boolean.class || c == Boolean.class) {
      s.put("type", "boolean");
    } else if (c == int.class || c == Integer.class || c == long.class || c == Long.class
        || c == short.class || c == Short.class || c == byte.class || c == Byte.class || c == BigInteger.class) {
      s.put("type", "integer");
    } else if (c == double.class || c == Double.class || c == float.class || c == Float.class
        || c == BigDecimal.class || c == Number.class) {
      s.put("type", "number");
    } else if (c.isEnum()) {
      s.put("type", "string");
      ArrayNode values = s.putArray("enum");
      for (Object constant : c.getEnumConstants()) {
        values.add(Json.tree(constant));
      }
    } else if (c.isArray()) {
      s.put("type", "array");
      s.set("items", schema(c.getComponentType(), visiting));
    } else if (c.isRecord()) {
      if (!visiting.add(c)) {
        throw new IllegalArgumentException("recursive record types are not supported: " + c.getName());
      }
      s.put("type", "object");
      Description d = c.getAnnotation(Description.class);
      if (d != null) {
        s.put("description", d.value());
      }
      ObjectNode props = s.putObject("properties");
      ArrayNode required = Json.array();
      for (RecordComponent rc : c.getRecordComponents()) {
        ObjectNode ps = schema(rc.getGenericType(), visiting);
        Description cd = rc.getAnnotation(Description.class);
        if (cd != null) {
          ps.put("description", cd.value());
        }
        props.set(rc.getName(), ps);
        if (rc.getType() != Optional.class) {
          required.add(rc.getName());
        }
      }
      if (!required.isEmpty()) {
        s.set("required", required);
      }
      visiting.remove(c);
    } else if (JsonNode.class.isAssignableFrom(c) || c == Object.class) {
      // any JSON value: an empty schema
    } else {
      throw new IllegalArgumentException("cannot derive a JSON Schema for " + c.getName()
          + "; use a record, a primitive, a string, an enum, a collection or a map");
    }
    return s;
  }
}
