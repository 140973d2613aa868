package dev.mcpkit.inspector;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.inspector.internal.Assertion;
import dev.mcpkit.inspector.internal.EnvRefs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A collection file: named calls with assertions, meant to be committed and run in CI by {@code mcpkit test}. The
 * format ({@code "format": "mcpkit-collection", "version": 1}) is documented in the module README. A secret is never
 * held in the file: a header value or a string in a call's params may refer to an environment variable as
 * {@code ${env:NAME}}, read when the collection runs; a literal value in a secret-looking header ({@code
 * Authorization}, {@code Cookie}, names with {@code token}, {@code key} or {@code secret}) is refused.
 */
public final class CallCollection {

  /** The value of the {@code format} field. */
  public static final String FORMAT = "mcpkit-collection";
  /** The format version this code reads. */
  public static final int VERSION = 1;

  private static final Set<String> METHODS = Set.of("tools/call", "resources/read", "prompts/get", "tools/list",
      "resources/list", "resources/templates/list", "prompts/list");

  /** The methods a call of a collection may use. */
  public static Set<String> methods() {
    return METHODS;
  }

  private final String name;
  private final String target;
  private final Map<String, String> headers;
  private final List<Call> calls;

  /**
   * One named call.
   *
   * @param name how results and the JUnit test case name it
   * @param method the MCP method
   * @param params its params ({@code ${env:NAME}} references still in place)
   * @param assertions what must hold of its result: the assertion objects as written (checked when read)
   */
  public record Call(String name, String method, ObjectNode params, List<JsonNode> assertions) {

    /** Copies the list. */
    public Call {
      assertions = List.copyOf(assertions);
    }
  }

  private CallCollection(String name, String target, Map<String, String> headers, List<Call> calls) {
    this.name = name;
    this.target = target;
    this.headers = Map.copyOf(headers);
    this.calls = List.copyOf(calls);
  }

  /**
   * Reads a collection; every assertion is checked here (a bad regex or schema is an error before anything runs).
   *
   * @throws IllegalArgumentException naming what is wrong and where ({@code /calls/2/assert/0: ...})
   */
  public static CallCollection parse(String json) {
    JsonNode doc;
    try {
      doc = Json.parse(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    if (!doc.isObject() || !FORMAT.equals(doc.path("format").asString(""))) {
      throw new IllegalArgumentException("not an mcpkit collection (its \"format\" must be \"" + FORMAT + "\")");
    }
    if (doc.path("version").asInt(-1) != VERSION) {
      throw new IllegalArgumentException("collection version " + doc.path("version")
          + " is not supported (this mcpkit reads version " + VERSION + ")");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    doc.path("headers").properties().forEach(e -> {
      String value = e.getValue().asString("");
      if (secretLooking(e.getKey()) && !EnvRefs.hasRef(value)) {
        throw new IllegalArgumentException("/headers/" + e.getKey() + ": a secret is never held in the collection"
            + " file; refer to an environment variable instead, e.g. \"Bearer ${env:MY_TOKEN}\"");
      }
      headers.put(e.getKey(), value);
    });
    JsonNode list = doc.path("calls");
    if (!list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException("/calls: a collection needs a non-empty array of calls");
    }
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      calls.add(call(list.get(i), "/calls/" + i));
    }
    String target = doc.path("target").isString() ? doc.get("target").asString() : null;
    return new CallCollection(doc.path("name").asString("collection"), target, headers, calls);
  }

  private static Call call(JsonNode c, String at) {
    String name = c.path("name").asString("");
    String method = c.path("method").asString("");
    if (name.isBlank()) {
      throw new IllegalArgumentException(at + "/name: every call needs a name");
    }
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException(at + "/method: \"" + method + "\" is not one of " + new java.util.TreeSet<>(METHODS));
    }
    JsonNode params = c.path("params");
    if (!params.isMissingNode() && !params.isObject()) {
      throw new IllegalArgumentException(at + "/params: must be an object");
    }
    List<JsonNode> assertions = new ArrayList<>();
    JsonNode list = c.path("assert");
    if (!list.isMissingNode() && !list.isArray()) {
      throw new IllegalArgumentException(at + "/assert: must be an array of assertions");
    }
    for (int i = 0; i < list.size(); i++) {
      Assertion.parse(list.get(i), at + "/assert/" + i);   // a bad assertion fails here, before anything runs
      assertions.add(list.get(i));
    }
    return new Call(name, method, params.isObject() ? (ObjectNode) params : Json.object(), assertions);
  }

  private static boolean secretLooking(String header) {
    String h = header.toLowerCase(Locale.ROOT);
    return h.equals("authorization") || h.equals("cookie") || h.contains("token") || h.contains("key")
        || h.contains("secret");
  }

  /** The collection's name (the JUnit test suite's name). */
  public String name() {
    return name;
  }

  /** The URL the collection names as its target, or {@code null}; {@code --target} overrides it. */
  public String target() {
    return target;
  }

  /** The headers, {@code ${env:NAME}} references still in place ({@link #resolvedHeaders} reads them). */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The headers with their environment references read from {@code env}.
   *
   * @throws IllegalArgumentException naming a variable that is not set
   */
  public Map<String, String> resolvedHeaders(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((k, v) -> out.put(k, EnvRefs.resolve(v, env, "/headers/" + k)));
    return out;
  }

  /** The calls, in file order. */
  public List<Call> calls() {
    return calls;
  }
}
