package dev.mcpkit.core.jsonschema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecificationVersion;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a request's {@code params} against the schema the specification gives its method (the
 * {@code schema.json} of 2026-07-28 for the stateless era, of 2025-11-25 for the 2025 era and
 * 2024-11-05), so that no malformed shape (a {@code null} where an object is required, a number
 * where a string is) reaches a handler. The schemas ship with this module; an era's document is indexed
 * on its first request ({@link SpecDefinitions}: tokenized, its definitions parsed when a schema needs
 * them), and each method's schema is compiled once, on its first request, with the definitions it
 * reaches, and cached (a stdio server's start waits for all of this).
 *
 * <p>A client sends the same {@code _meta} (protocol version, client info, capabilities) with every
 * request, and checking it is about half the cost of a 2026 request's validation. So each method
 * remembers the last few {@code _meta} objects that passed ({@link ValidMetas}, a handful of small
 * copies), and a request whose {@code _meta} equals one of them is checked against a second
 * compiled schema that leaves {@code _meta} out (compiled when first needed: a 2025 session's requests
 * seldom carry {@code _meta}); every other request gets the full schema, so the problems reported are
 * the same either way.
 *
 * <p>Where that schema (or the full one, for params without {@code _meta}) is plain, only types and required
 * names ({@code tools/call}: a string {@code name}, an object {@code arguments}), params that certainly pass are
 * recognised without the general validator ({@link PlainShape}); anything else, and every problem, goes to it.
 */
public final class RequestSchemas {

  /** At most this many problems are reported; schemas with alternatives can yield many. */
  private static final int MAX_REPORTED = 3;

  // One holder per era, so that a server whose clients speak one era never reads the other's document
  // (each is about 180 KB of JSON to parse).
  private static final class Stateless {
    static final RequestSchemas SCHEMAS = new RequestSchemas(Era.STATELESS.requestSchemaVersion().id());
  }

  private static final class Session {
    static final RequestSchemas SCHEMAS = new RequestSchemas(Era.SESSION.requestSchemaVersion().id());
  }

  private final String revision;
  private final SpecDefinitions definitions;
  private final Map<String, String> paramsRefs;
  private final Map<String, Optional<Compiled>> compiled = new ConcurrentHashMap<>();

  /**
   * A method's schema, and, when its params schema checks {@code _meta} only through
   * {@code properties._meta} (no keyword at its top level that could look at {@code _meta} some other
   * way), the same schema with {@code _meta} accepted as is (compiled on its first use, from
   * {@code root}, the full schema's document) and the {@code _meta} values known to pass.
   */
  private final class Compiled {
    final Schema full;
    final PlainShape fullShape;
    final ObjectNode root;
    final ValidMetas metas;
    /** Whole params that passed, for a method whose params are a client's set-up ({@link #SET_UP}); else null. */
    final ValidMetas knownParams;
    final String method;
    // Made on first use; twice in a race gives the same thing twice: no lock.
    private volatile ObjectNode withoutMetaRoot;
    private volatile PlainShape withoutMetaShape;
    private volatile Schema withoutMeta;

    Compiled(String method, Schema full, ObjectNode fullRoot, ObjectNode root) {
      this.method = method;
      this.full = full;
      this.fullShape = PlainShape.of(fullRoot);
      this.root = root;
      this.metas = root == null ? null : new ValidMetas();
      this.knownParams = SET_UP.contains(method) ? new ValidMetas() : null;
    }

    ValidMetas metas() {
      return metas;
    }

    /** The schema that accepts {@code _meta} as is: a shallow copy of the full one with its own properties. */
    private ObjectNode withoutMetaRoot() {
      ObjectNode rest = withoutMetaRoot;
      if (rest == null) {
        // The rest (the specification's $defs above all) is shared, as no validator changes a schema node.
        ObjectNode r = Json.object();
        root.properties().forEach(e -> r.set(e.getKey(), e.getValue()));
        r.set("properties", ((ObjectNode) root.get("properties")).deepCopy().put("_meta", true));
        withoutMetaRoot = rest = r;
      }
      return rest;
    }

    /** The plain shape of the schema without {@code _meta}; a marker shape that accepts nothing when it is not plain. */
    PlainShape withoutMetaShape() {
      PlainShape s = withoutMetaShape;
      if (s == null) {
        s = PlainShape.of(withoutMetaRoot());
        withoutMetaShape = s = s == null ? PlainShape.NONE : s;
      }
      return s;
    }

    Schema withoutMeta() {
      Schema s = withoutMeta;
      if (s == null) {
        s = schema(method, ":without-meta", withoutMetaRoot());
        withoutMeta = s;
      }
      return s;
    }
  }

  // Schemas compiled so far (full and without-meta), read by tests.
  private final java.util.concurrent.atomic.AtomicInteger compilations = new java.util.concurrent.atomic.AtomicInteger();
  // Validations the general validator ran, read by tests.
  private final java.util.concurrent.atomic.LongAdder validatorRuns = new java.util.concurrent.atomic.LongAdder();

  // Top-level keywords of a params schema under which "_meta" is checked by properties._meta alone.
  private static final java.util.Set<String> SPLITTABLE = java.util.Set.of("type", "properties", "required",
      "additionalProperties", "description", "title", "$comment", "$schema", "$defs");

  /** How many times the general validator ran (params no {@link PlainShape} could accept). */
  int validatorRuns() {
    return validatorRuns.intValue();
  }

  /**
   * Methods whose params are the client's set-up rather than a request's data: {@code initialize} (its revision,
   * capabilities and name), sent once per 2025 session and the same from every session of one client program. Params
   * equal to ones that passed are not checked again: the check was a few per cent of a short session's CPU (bench
   * workload b, bench/results/2026-12-08-lifecycle.md).
   */
  private static final java.util.Set<String> SET_UP = java.util.Set.of("initialize");

  /** How many methods have a compiled schema cached (bounded by the specification's methods). */
  int cachedMethods() {
    return compiled.size();
  }

  /** How many {@code _meta} values are remembered as valid for a method (bounded by {@link ValidMetas#SLOTS}). */
  int rememberedMetas(String method) {
    Optional<Compiled> c = compiled.getOrDefault(method, Optional.empty());
    return c.map(x -> x.metas() == null ? 0 : x.metas().size()).orElse(0);
  }

  /** How many schemas (full or without {@code _meta}) this instance compiled. */
  int compilations() {
    return compilations.get();
  }

  /** How many whole params are remembered as valid for a method (bounded by {@link ValidMetas#SLOTS}). */
  int rememberedParams(String method) {
    Optional<Compiled> c = compiled.getOrDefault(method, Optional.empty());
    return c.map(x -> x.knownParams == null ? 0 : x.knownParams.size()).orElse(0);
  }

  /** A new instance with nothing compiled yet, for tests (servers share {@link #of}'s). */
  static RequestSchemas fresh(ProtocolVersion version) {
    return new RequestSchemas(Era.of(version).requestSchemaVersion().id());
  }

  // Loaded when an era's holder is first used (its first request), from the module's own resources.
  private RequestSchemas(String revision) {
    this.revision = revision;
    this.definitions = SpecDefinitions.load("mcp/" + revision + ".json");
    this.paramsRefs = refs(definitions);
  }

  /** The schemas for requests of a revision. */
  public static RequestSchemas of(ProtocolVersion version) {
    return Era.of(version) == Era.STATELESS ? Stateless.SCHEMAS : Session.SCHEMAS;
  }

  /**
   * Validates the params of a request.
   *
   * @param params the params object, or {@code null} when the request has none (checked as {@code {}})
   * @return the problems, each naming the failing location as a JSON Pointer from the request
   *     ({@code "/params/resourceSubscriptions/0: null found, object expected"}); empty when the
   *     params are valid or the specification has no schema for the method
   */
  public List<String> validate(String method, JsonNode params) {
    // Only the specification's own methods are compiled and cached: a method name is the client's
    // text, and caching every name a client invents would let it grow this map without end.
    if (!paramsRefs.containsKey(method)) {
      return List.of();
    }
    Optional<Compiled> schema = compiled.computeIfAbsent(method, this::compile);
    if (schema.isEmpty()) {
      return List.of();
    }
    JsonNode instance = params == null || params.isNull() ? Json.object() : params;
    Compiled c = schema.get();
    // Equal to params that passed (so holding no number out of range either): the same check would pass again.
    if (c.knownParams != null && c.knownParams.contains(instance)) {
      return List.of();
    }
    String huge = Json.findNumberOutOfRange(instance);
    if (huge != null) {
      // Checked first: validating such a number (multipleOf, bounds) is itself costly.
      return List.of("/params" + huge + ": number out of range (decimal exponent beyond "
          + Json.maxNumberExponent() + ")");
    }
    JsonNode meta = c.metas() == null ? null : instance.get("_meta");
    boolean known = meta != null && c.metas().contains(meta);
    PlainShape shape = known ? c.withoutMetaShape() : c.fullShape;
    if (shape != null && shape.accepts(instance)) {
      // Certainly valid (see PlainShape): the validator would say so at a multiple of the cost. A _meta it
      // accepted here needs no remembering: the full shape accepts one only where the schema allows any _meta.
      return List.of();
    }
    validatorRuns.increment();
    List<Error> errors = (known ? c.withoutMeta() : c.full).validate(instance);
    if (errors.isEmpty()) {
      if (meta != null && !known) {
        c.metas().remember(meta);
      }
      if (c.knownParams != null) {
        c.knownParams.remember(instance);
      }
      return List.of();
    }
    List<String> out = new ArrayList<>(Math.min(errors.size(), MAX_REPORTED));
    for (Error e : errors) {
      if (out.size() == MAX_REPORTED) {
        break;
      }
      String at = "/params" + (e.getInstanceLocation() == null ? "" : pointer(e.getInstanceLocation().toString()));
      out.add(describe(at, e.getMessage(), e.getInstanceNode()));
    }
    return out;
  }

  private static final java.util.regex.Pattern TYPE =
      java.util.regex.Pattern.compile("(\\w+) found, (\\w+(?: or \\w+)*|\\[[^\\]]*]) expected");

  /**
   * One problem in the request's terms: a wrong type reads {@code "arguments" must be an object
   * (at /params/arguments, found array)}; other problems keep the validator's wording (which names
   * properties and constraints, not Java types) after the JSON Pointer.
   */
  private static String describe(String at, String message, JsonNode found) {
    String msg = message == null ? "invalid value" : message.replaceFirst("^\\S*: ", "");
    java.util.regex.Matcher m = TYPE.matcher(msg);
    if (m.matches()) {
      String last = at.substring(at.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
      String name = last.chars().allMatch(Character::isDigit) ? "item " + last : "\"" + last + "\"";
      String expected = m.group(2).replaceAll("[\\[\\]]", "").replace(", ", " or ");
      String article = expected.matches("(?i)[aeiou].*") ? "an " : "a ";
      return name + " must be " + article + expected + " (at " + at + ", found " + m.group(1) + ")";
    }
    if (found != null && found.isValueNode() && !found.isNull()) {
      // Name the value the client sent ("chatty" is not a logging level), clipped.
      String v = Json.write(found);
      msg += " (found " + (v.length() > 60 ? v.substring(0, 60) + "..." : v) + ")";
    }
    return at + ": " + msg;
  }

  /** networknt writes the root as "$" or "" and may use "$.a[0]" paths; the wire speaks JSON Pointer. */
  private static String pointer(String location) {
    if (location.isEmpty() || location.equals("$") || location.equals("/")) {
      return "";
    }
    if (location.startsWith("/")) {
      return location;
    }
    return location.replaceFirst("^\\$", "").replaceAll("\\[(\\d+)]", "/$1").replaceAll("\\['([^']*)']", "/$1")
        .replace('.', '/');
  }

  private Optional<Compiled> compile(String method) {
    String ref = paramsRefs.get(method);
    if (ref == null) {
      return Optional.empty();
    }
    ObjectNode root = resolve(ref).deepCopy();
    // The answers of a multi round-trip retry are checked one by one against the request each
    // answers (elicitation, sampling, roots), with a message naming the answer: the schema's union
    // of every result type would only say which members of which alternative are missing.
    if (root.path("properties").has("inputResponses")) {
      ((ObjectNode) root.get("properties")).set("inputResponses", Json.object().put("type", "object"));
    }
    // Clients of the 2024-11-05 era often leave out clientInfo, which the server only echoes in
    // logs: tolerated, as it was before params were validated.
    if (method.equals("initialize") && root.path("required").isArray()) {
      var required = Json.array();
      root.get("required").forEach(r -> {
        if (!r.asString().equals("clientInfo")) {
          required.add(r);
        }
      });
      root.set("required", required);
    }
    root.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
    // Only the definitions the schema reaches (a $ref names nothing else): the validator is the same, and
    // compiling it no longer walks every definition of the specification.
    root.set("$defs", definitions.reachableFrom(root));
    Schema full = schema(method, "", root);
    boolean splittable = root.path("properties").has("_meta")
        && root.propertyNames().stream().allMatch(SPLITTABLE::contains);
    return Optional.of(new Compiled(method, full, root, splittable ? root : null));
  }

  private Schema schema(String method, String variant, ObjectNode root) {
    compilations.incrementAndGet();
    Schema s = JsonSchema.registryFor(SpecificationVersion.DRAFT_2020_12).getSchema(
        SchemaLocation.of("urn:mcpkit:mcp-schema:" + revision + ":" + method.replace('/', '-') + variant), root);
    s.initializeValidators();
    return s;
  }

  /** Follows a "#/$defs/..." pointer, and the {@code $ref} it may hold, to the params schema. */
  private ObjectNode resolve(String ref) {
    JsonNode n = definitions.at(ref);
    while (n.path("$ref").isString() && n.size() == 1 + (n.has("description") ? 1 : 0)) {
      n = definitions.at(n.get("$ref").asString());
    }
    return (ObjectNode) n;
  }

  /** Method name → JSON Pointer of its params schema, read from the requests the schema defines. */
  private static Map<String, String> refs(SpecDefinitions definitions) {
    Map<String, String> found = new HashMap<>();
    for (String name : definitions.names()) {
      if (!name.endsWith("Request")) {
        continue; // read only the requests' definitions
      }
      JsonNode def = definitions.get(name);
      JsonNode method = def.path("properties").path("method").path("const");
      if (method.isString() && def.path("properties").has("params")) {
        found.put(method.asString(), "#/$defs/" + name + "/properties/params");
      }
    }
    return Map.copyOf(found);
  }
}
