package dev.mcpkit.core.jsonschema;

import com.fasterxml.classmate.ResolvedType;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import dev.mcpkit.core.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates a JSON Schema 2020-12 from a Java type, so that a tool's input and output schemas come
 * from the record its handler uses. Records become objects (components are required unless they
 * are {@link Optional}); enums become string enums; collections become arrays ({@link Set}s with
 * {@code uniqueItems}); {@code Map<String, X>} becomes an object with {@code additionalProperties}.
 * {@link Description} (or Jackson's {@code @JsonPropertyDescription}) adds descriptions, Jackson's
 * {@code @JsonProperty} renames a property as the argument reader does, and Jakarta Validation
 * constraints on components ({@code @Size}, {@code @Min}, {@code @Max}, {@code @Pattern},
 * {@code @Email}, {@code @NotBlank}, ...) become schema constraints, which the server then enforces
 * on {@code tools/call} arguments. Nested records are inlined; recursive records are refused.
 *
 * <p>The walk is the victools generator's (core README, "Schemas from records"); this class keeps
 * mcpkit's mapping of types and refuses types it cannot describe faithfully.
 */
public final class SchemaGenerator {

  /** Value types with a fixed schema; anything else must be a record, enum, array or container. */
  private static final Set<Class<?>> VALUE_TYPES = Set.of(String.class, Character.class, char.class, URI.class,
      UUID.class, Instant.class, OffsetDateTime.class, LocalDate.class, Boolean.class, boolean.class, Integer.class,
      int.class, Long.class, long.class, Short.class, short.class, Byte.class, byte.class, BigInteger.class,
      Double.class, double.class, Float.class, float.class, BigDecimal.class, Number.class);

  // Built on the first record that is not a plain one (see plainRecord): its set-up costs a stdio
  // server's start more than a hundred milliseconds of CPU.
  private static final class Victools {
    static final com.github.victools.jsonschema.generator.SchemaGenerator GENERATOR = build();
  }

  /** JSON types of the component types a plain record may have, as the victools walk writes them. */
  private static final Map<Class<?>, String> PLAIN_TYPES = Map.ofEntries(Map.entry(String.class, "string"),
      Map.entry(boolean.class, "boolean"), Map.entry(Boolean.class, "boolean"), Map.entry(int.class, "integer"),
      Map.entry(Integer.class, "integer"), Map.entry(long.class, "integer"), Map.entry(Long.class, "integer"),
      Map.entry(BigInteger.class, "integer"), Map.entry(double.class, "number"), Map.entry(Double.class, "number"),
      Map.entry(BigDecimal.class, "number"));

  private SchemaGenerator() {}

  /**
   * The schema for a type; records nested in it are inlined.
   *
   * @throws IllegalArgumentException when the type is not an object type, is recursive, or holds a
   *     type that has no JSON form here (a class that is not a record, say)
   */
  public static ObjectNode schemaFor(Class<?> type) {
    ObjectNode plain = plainRecord(type);
    return plain != null ? plain : viaVictools(type);
  }

  /** {@link #schemaFor} through the victools walk, whatever the type (tests compare it with {@link #plainRecord}). */
  static ObjectNode viaVictools(Class<?> type) {
    ObjectNode schema;
    try {
      var generator = Victools.GENERATOR;
      synchronized (generator) { // victools keeps per-run state in its config; runs are CPU-only and rare
        schema = generator.generateSchema(type);
      }
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().contains("circular reference")) {
        // INLINE_ALL_SCHEMAS cannot inline a type that contains itself
        throw new IllegalArgumentException("recursive record types are not supported: " + type.getName(), e);
      }
      throw e;
    }
    if (!"object".equals(schema.path("type").asString(null))) {
      throw new IllegalArgumentException("a tool schema must describe an object; " + type.getName() + " does not");
    }
    return typeAndDescriptionFirst(schema);
  }

  /**
   * The schema of a plain record, written here as the victools walk writes it (SchemaGeneratorTest
   * compares the two): a non-generic record whose components are strings, booleans or numbers
   * ({@link #PLAIN_TYPES}), each required, with no annotation but {@link Description} on the record,
   * its components, fields, accessors or their types. Most tools' arguments are such records, and
   * this spares their server's start the victools set-up. Null for any other type.
   */
  static ObjectNode plainRecord(Class<?> type) {
    if (!type.isRecord() || type.getTypeParameters().length > 0 || !onlyDescription(type.getAnnotations())
        || type.getRecordComponents().length == 0) {
      return null;
    }
    ObjectNode schema = Json.object().put("type", "object");
    Description about = type.getAnnotation(Description.class);
    if (about != null) {
      schema.put("description", about.value());
    }
    ObjectNode properties = schema.putObject("properties");
    var required = schema.putArray("required");
    for (var component : type.getRecordComponents()) {
      String json = PLAIN_TYPES.get(component.getType());
      java.lang.reflect.Field field;
      try {
        field = type.getDeclaredField(component.getName());
      } catch (NoSuchFieldException e) {
        return null;
      }
      if (json == null || !onlyDescription(component.getAnnotations()) || !onlyDescription(field.getAnnotations())
          || !onlyDescription(component.getAccessor().getAnnotations())
          || component.getAnnotatedType().getAnnotations().length > 0) {
        return null;
      }
      ObjectNode property = properties.putObject(component.getName()).put("type", json);
      Description d = field.getAnnotation(Description.class);
      if (d != null) {
        property.put("description", d.value());
      }
      required.add(component.getName());
    }
    return schema;
  }

  private static boolean onlyDescription(java.lang.annotation.Annotation[] annotations) {
    for (var a : annotations) {
      if (a.annotationType() != Description.class) {
        return false;
      }
    }
    return true;
  }

  /**
   * Puts {@code type} then {@code description} first in every object, as mcpkit's schemas always had
   * them: the tools/list text a client sees stays the same byte for byte.
   */
  private static ObjectNode typeAndDescriptionFirst(ObjectNode schema) {
    ObjectNode out = Json.object();
    for (String first : new String[] {"type", "description"}) {
      if (schema.has(first)) {
        out.set(first, schema.get(first));
      }
    }
    for (var entry : schema.properties()) {
      JsonNode value = entry.getValue();
      if (value instanceof ObjectNode o) {
        value = "properties".equals(entry.getKey()) ? eachValue(o) : typeAndDescriptionFirst(o);
      }
      out.set(entry.getKey(), value);
    }
    return out;
  }

  private static ObjectNode eachValue(ObjectNode properties) {
    ObjectNode out = Json.object();
    for (var entry : properties.properties()) {
      JsonNode value = entry.getValue();
      out.set(entry.getKey(), value instanceof ObjectNode o ? typeAndDescriptionFirst(o) : value);
    }
    return out;
  }

  private static com.github.victools.jsonschema.generator.SchemaGenerator build() {
    SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(Json.mapper(), SchemaVersion.DRAFT_2020_12,
        OptionPreset.PLAIN_JSON)
        .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE, JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY,
            JacksonOption.IGNORE_PROPERTY_NAMING_STRATEGY))
        .with(new JakartaValidationModule(JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS))
        .with(Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES, Option.INLINE_ALL_SCHEMAS,
            Option.STANDARD_FORMATS)
        .without(Option.SCHEMA_VERSION_INDICATOR, Option.FLATTENED_OPTIONALS, Option.NULLABLE_FIELDS_BY_DEFAULT,
            Option.NULLABLE_METHOD_RETURN_VALUES_BY_DEFAULT);
    config.forTypesInGeneral()
        .withCustomDefinitionProvider(SchemaGenerator::fixedDefinition)
        .withPropertySorter((a, b) -> 0) // keep the record's component order
        .withDescriptionResolver(scope -> description(scope.getType().getErasedType().getAnnotation(Description.class)))
        .withArrayUniqueItemsResolver(scope -> scope.getType().isInstanceOf(Set.class) ? Boolean.TRUE : null);
    config.forFields()
        .withDescriptionResolver(field -> description(field.getAnnotationConsideringFieldAndGetter(Description.class)))
        .withRequiredCheck(field -> !field.getType().isInstanceOf(Optional.class))
        .withNullableCheck(field -> false); // as before: an absent Optional is left out, not sent as null
    return new com.github.victools.jsonschema.generator.SchemaGenerator(config.build());
  }

  /**
   * An empty schema for any JSON value; the value's own schema for an {@link Optional} (not
   * nullable: an absent value is left out); a refusal for a type without a faithful JSON form; else
   * null (victools' standard definition).
   */
  private static CustomDefinition fixedDefinition(ResolvedType javaType, SchemaGenerationContext context) {
    Class<?> c = javaType.getErasedType();
    if (c == Optional.class) {
      ResolvedType value = javaType.getTypeParameters().isEmpty()
          ? context.getTypeContext().resolve(Object.class) : javaType.getTypeParameters().getFirst();
      return new CustomDefinition(context.createDefinition(value), CustomDefinition.INLINE_DEFINITION,
          CustomDefinition.INCLUDING_ATTRIBUTES);
    }
    if (JsonNode.class.isAssignableFrom(c) || c == Object.class) {
      return new CustomDefinition(Json.object(), CustomDefinition.INLINE_DEFINITION, CustomDefinition.EXCLUDING_ATTRIBUTES);
    }
    if (VALUE_TYPES.contains(c) || c.isRecord() || c.isEnum() || c.isArray()
        || Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) {
      return null;
    }
    throw new IllegalArgumentException("cannot derive a JSON Schema for " + c.getName()
        + "; use a record, a primitive, a string, an enum, a collection or a map");
  }

  private static String description(Description d) {
    return d == null ? null : d.value();
  }
}
