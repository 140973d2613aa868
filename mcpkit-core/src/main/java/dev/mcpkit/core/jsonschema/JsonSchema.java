package dev.mcpkit.core.jsonschema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.resource.SchemaLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A compiled JSON Schema. Schemas without {@code $schema} are JSON Schema 2020-12 (the MCP
 * default); drafts 4, 6, 7 and 2019-09 are honoured when declared. Validation is delegated to the
 * networknt validator. {@code $ref}s that point at the network are never fetched: such a schema
 * is rejected when it is compiled, as the MCP specification requires by default.
 *
 * <p>Compiling also bounds the schema's size and depth, so that a hostile schema (say, from an
 * untrusted server, or an elicitation request) cannot turn validation into a denial of service.
 */
public final class JsonSchema {

  /** Deepest nesting of a schema document. */
  public static final int MAX_DEPTH = 64;
  /** Most JSON nodes in a schema document. */
  public static final int MAX_NODES = 20_000;

  // One registry per dialect, made when a schema first needs it (building one costs tens of
  // milliseconds, on the start-up path of every server); registries are thread-safe and cache
  // meta-schemas from the classpath.
  private static final Map<SpecificationVersion, SchemaRegistry> REGISTRIES = new java.util.concurrent.ConcurrentHashMap<>();

  private static final Map<SpecificationVersion, Schema> META_SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

  // How many schemas were checked against their meta-schema, and how many validators were compiled:
  // read by tests, which show that a generated schema is not checked and is compiled on first use.
  static final java.util.concurrent.atomic.LongAdder META_CHECKS = new java.util.concurrent.atomic.LongAdder();
  static final java.util.concurrent.atomic.LongAdder COMPILES = new java.util.concurrent.atomic.LongAdder();

  private final JsonNode node;
  private final SpecificationVersion version;
  // Compiled on first use for a generated schema (see compileGenerated); compiling twice in a race
  // is harmless (the same validator twice), so no lock.
  private volatile Schema schema;

  private JsonSchema(JsonNode node, SpecificationVersion version, Schema schema) {
    this.node = node;
    this.version = version;
    this.schema = schema;
  }

  static SchemaRegistry registryFor(SpecificationVersion version) {
    return REGISTRIES.computeIfAbsent(version, JsonSchema::registry);
  }

  private static SchemaRegistry registry(SpecificationVersion version) {
    // The default loader resolves the standard meta-schemas from the validator's jar and does not
    // fetch remote resources; the block predicate makes that explicit for any other http(s) IRI.
    SchemaLoader loader = SchemaLoader.builder()
        .fetchRemoteResources(false)
        .block(iri -> {
          String s = iri.toString();
          return (s.startsWith("http:") || s.startsWith("https:")) && !isMetaSchema(s);
        })
        .build();
    return SchemaRegistry.withDefaultDialect(version, b -> b.schemaLoader(loader));
  }

  private static boolean isMetaSchema(String iri) {
    return iri.startsWith("https://json-schema.org/draft/") || iri.startsWith("http://json-schema.org/");
  }

  /**
   * Compiles a schema.
   *
   * @throws InvalidSchemaException when the schema is malformed, too large or too deep, uses an
   *     unsupported dialect, or refers to a network {@code $ref}
   */
  public static JsonSchema compile(JsonNode schemaNode) {
    SpecificationVersion version = checkShape(schemaNode);
    // The specification requires schemas to be valid under their dialect: check against its
    // meta-schema (bundled with the validator, never fetched).
    META_CHECKS.increment();
    Schema meta = META_SCHEMAS.computeIfAbsent(version,
        v -> registryFor(v).getSchema(SchemaLocation.of(v.getDialectId())));
    List<Error> metaErrors = meta.validate(schemaNode);
    if (!metaErrors.isEmpty()) {
      throw new InvalidSchemaException("invalid schema: " + metaErrors.getFirst());
    }
    return new JsonSchema(schemaNode, version, compileValidator(schemaNode, version));
  }

  /**
   * A schema that {@link SchemaGenerator} made: its shape is checked (size, depth, dialect, no
   * network {@code $ref}) but not against the meta-schema, and its validator is compiled when it
   * first validates. Why: the generator writes only well-formed schemas, and on a server's start
   * the meta-schema check and the compilation of every tool's schemas were most of the time to the
   * first answer. Every schema from elsewhere goes through {@link #compile}.
   *
   * @throws InvalidSchemaException when the schema is malformed, too large or too deep, or refers to
   *     a network {@code $ref}
   */
  public static JsonSchema compileGenerated(JsonNode schemaNode) {
    SpecificationVersion version = checkShape(schemaNode);
    checkPatterns(schemaNode);
    return new JsonSchema(schemaNode, version, null);
  }

  /**
   * The one thing the generator copies from user code unchecked is a {@code @Pattern}'s regular
   * expression: compile each {@code pattern} here (as the validator would, with java.util.regex), so
   * that a bad one still fails when the tool is built, with the message {@link #compile} gives.
   */
  private static void checkPatterns(JsonNode node) {
    if (node.isObject()) {
      for (var e : node.properties()) {
        if (e.getKey().equals("pattern") && e.getValue().isString()) {
          try {
            java.util.regex.Pattern.compile(e.getValue().asString());
          } catch (java.util.regex.PatternSyntaxException bad) {
            throw new InvalidSchemaException("invalid schema: " + firstLine(bad.toString()));
          }
        }
        checkPatterns(e.getValue());
      }
    } else if (node.isArray()) {
      node.forEach(JsonSchema::checkPatterns);
    }
  }

  private static SpecificationVersion checkShape(JsonNode schemaNode) {
    if (schemaNode == null || !(schemaNode.isObject() || schemaNode.isBoolean())) {
      throw new InvalidSchemaException("a schema must be a JSON object or a boolean");
    }
    checkBounds(schemaNode);
    SpecificationVersion version = dialect(schemaNode);
    checkRefs(schemaNode);
    return version;
  }

  private static Schema compileValidator(JsonNode schemaNode, SpecificationVersion version) {
    COMPILES.increment();
    try {
      Schema s = registryFor(version).getSchema(schemaNode);
      s.initializeValidators();
      return s;
    } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
      throw new InvalidSchemaException("invalid schema: " + firstLine(e.getMessage()));
    }
  }

  private Schema validator() {
    Schema s = schema;
    if (s == null) {
      s = compileValidator(node, version);
      schema = s;
    }
    return s;
  }

  private static SpecificationVersion dialect(JsonNode schemaNode) {
    JsonNode declared = schemaNode.path("$schema");
    if (declared.isMissingNode()) {
      return SpecificationVersion.DRAFT_2020_12;
    }
    if (!declared.isString()) {
      throw new InvalidSchemaException("\"$schema\" must be a string");
    }
    String id = declared.asString();
    Optional<SpecificationVersion> v = SpecificationVersion.fromDialectId(id);
    if (v.isEmpty()) {
      // Tolerate the common spelling differences (trailing '#', http vs https).
      String norm = id.replaceFirst("#$", "").replaceFirst("^http:", "https:");
      for (SpecificationVersion candidate : SpecificationVersion.values()) {
        String cid = candidate.getDialectId().replaceFirst("#$", "").replaceFirst("^http:", "https:");
        if (cid.equals(norm)) {
          return candidate;
        }
      }
      throw new InvalidSchemaException("unsupported JSON Schema dialect: " + id
          + " (supported: 2020-12, 2019-09, draft-07, draft-06, draft-04)");
    }
    return v.get();
  }

  /** Rejects $refs that leave the document: only "#..." fragments (and relative $defs) are local. */
  private static void checkRefs(JsonNode node) {
    if (node.isObject()) {
      for (var e : node.properties()) {
        if ((e.getKey().equals("$ref") || e.getKey().equals("$dynamicRef")) && e.getValue().isString()) {
          String ref = e.getValue().asString();
          if (ref.startsWith("http:") || ref.startsWith("https:") || ref.startsWith("file:")
              || ref.startsWith("//") || ref.startsWith("ftp:") || ref.startsWith("jar:")) {
            throw new InvalidSchemaException("network $ref is not resolved: " + ref);
          }
        }
        checkRefs(e.getValue());
      }
    } else if (node.isArray()) {
      node.forEach(JsonSchema::checkRefs);
    }
  }

  private static void checkBounds(JsonNode root) {
    int[] count = {0};
    walk(root, 1, count);
  }

  private static void walk(JsonNode node, int depth, int[] count) {
    if (depth > MAX_DEPTH) {
      throw new InvalidSchemaException("schema nests deeper than " + MAX_DEPTH + " levels");
    }
    if (++count[0] > MAX_NODES) {
      throw new InvalidSchemaException("schema has more than " + MAX_NODES + " nodes");
    }
    if (node.isContainer()) {
      for (JsonNode child : node) {
        walk(child, depth + 1, count);
      }
    }
  }

  /** The schema document as given. */
  public JsonNode node() {
    return node;
  }

  /**
   * Validates an instance.
   *
   * @return the problems, each naming the failing location (e.g. {@code "/a: string found, number
   *     expected"}); empty when the instance is valid
   */
  public List<String> validate(JsonNode instance) {
    // A number with a huge exponent (a tree built in code, or parsed elsewhere) is refused before
    // the validator computes with it (multipleOf, bounds): Json refuses it when parsing too.
    String huge = dev.mcpkit.core.json.Json.findNumberOutOfRange(instance);
    if (huge != null) {
      return List.of((huge.isEmpty() ? "" : huge) + ": number out of range (decimal exponent beyond "
          + dev.mcpkit.core.json.Json.maxNumberExponent() + ")");
    }
    List<Error> errors = validator().validate(instance);
    if (errors.isEmpty()) {
      return List.of();
    }
    // Each problem once (the branches of anyOf/oneOf report the same missing property again), and
    // a problem at the root without the empty location the validator puts before it (": required
    // property 'x' not found").
    var out = new java.util.LinkedHashSet<String>();
    for (Error e : errors) {
      String where = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
      String what = e.getMessage() == null ? "invalid value" : e.getMessage().replaceFirst("^\\S*: ", "");
      where = where.equals("$") ? "" : where.replaceFirst("^\\$", "");
      out.add(where.isEmpty() ? what : where + ": " + what);
    }
    return List.copyOf(out);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed";
    }
    int i = s.indexOf('\n');
    return i > 0 ? s.substring(0, i) : s;
  }
}
