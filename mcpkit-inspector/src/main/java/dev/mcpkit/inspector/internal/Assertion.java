package dev.mcpkit.inspector.internal;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonschema.JsonSchema;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * One assertion of a collection call, checked against the call's result (a JSON-RPC error becomes
 * {@code {"error": {"code", "message", "data"}}}, so that {@code /error/code} can be asserted too). Each assertion
 * object has exactly one of {@code equals}, {@code contains}, {@code matches}, {@code schema} (each with an optional
 * {@code pointer}, default the whole result), {@code isError}, {@code contentType}, {@code maxLatencyMs}.
 */
public final class Assertion {

  private static final Set<String> KINDS = Set.of("equals", "contains", "matches", "schema", "isError", "contentType",
      "maxLatencyMs");

  private final String kind;
  private final String pointer;
  private final JsonNode expected;
  private final Pattern regex;
  private final JsonSchema schema;

  private Assertion(String kind, String pointer, JsonNode expected, Pattern regex, JsonSchema schema) {
    this.kind = kind;
    this.pointer = pointer;
    this.expected = expected;
    this.regex = regex;
    this.schema = schema;
  }

  /**
   * Reads and checks one assertion object.
   *
   * @throws IllegalArgumentException at {@code where} when it is malformed
   */
  public static Assertion parse(JsonNode a, String where) {
    if (!a.isObject()) {
      throw new IllegalArgumentException(where + ": an assertion is an object, e.g. {\"pointer\": \"/content/0/text\","
          + " \"equals\": \"hello\"}");
    }
    List<String> kinds = a.propertyNames().stream().filter(KINDS::contains).toList();
    List<String> unknown = a.propertyNames().stream().filter(n -> !KINDS.contains(n) && !n.equals("pointer")).toList();
    if (kinds.size() != 1 || !unknown.isEmpty()) {
      throw new IllegalArgumentException(where + ": an assertion has exactly one of " + new java.util.TreeSet<>(KINDS)
          + (a.has("pointer") ? " and a pointer" : "") + (unknown.isEmpty() ? "" : "; unknown: " + unknown));
    }
    String kind = kinds.getFirst();
    String pointer = a.path("pointer").asString("");
    if (!pointer.isEmpty()) {
      try {
        JsonPointer.compile(pointer);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + "/pointer: not a JSON pointer (RFC 6901: \"/content/0/text\")");
      }
    }
    if (a.has("pointer") && Set.of("isError", "contentType", "maxLatencyMs").contains(kind)) {
      throw new IllegalArgumentException(where + ": " + kind + " takes no pointer");
    }
    JsonNode v = a.get(kind);
    Pattern regex = null;
    JsonSchema schema = null;
    switch (kind) {
      case "matches" -> {
        if (!v.isString()) {
          throw new IllegalArgumentException(where + "/matches: a regular expression (a string)");
        }
        try {
          regex = Pattern.compile(v.asString());
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(where + "/matches: not a regular expression: " + e.getDescription());
        }
      }
      case "schema" -> {
        try {
          schema = JsonSchema.compile(v);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(where + "/schema: not a usable JSON Schema: " + e.getMessage());
        }
      }
      case "isError" -> require(v.isBoolean(), where + "/isError: true or false");
      case "contentType" -> require(v.isString(), where + "/contentType: a content type (\"text\", \"image\", ...)"
          + " or a MIME type for resources/read");
      case "maxLatencyMs" -> require(v.isNumber() && v.asDouble() > 0, where + "/maxLatencyMs: a positive number");
      default -> { }
    }
    return new Assertion(kind, pointer, v, regex, schema);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Checks the assertion.
   *
   * @param result the call's result (or {@code {"error": ...}})
   * @param latencyMs how long the call took
   * @return why it failed, or empty when it holds
   */
  public Optional<String> check(JsonNode result, long latencyMs) {
    String at = pointer.isEmpty() ? "the result" : pointer;
    JsonNode v = pointer.isEmpty() ? result : result.at(JsonPointer.compile(pointer));
    return switch (kind) {
      case "equals" -> v.equals(expected) ? Optional.empty()
          : Optional.of(at + ": expected " + show(expected) + " but was " + show(v));
      case "contains" -> contains(v) ? Optional.empty()
          : Optional.of(at + ": expected to contain " + show(expected) + " but was " + show(v));
      case "matches" -> v.isString() && regex.matcher(v.asString()).find() ? Optional.empty()
          : Optional.of(at + ": expected to match /" + regex.pattern() + "/ but was " + show(v));
      case "schema" -> {
        if (v.isMissingNode()) {
          yield Optional.of(at + ": missing, so it does not satisfy the schema");
        }
        List<String> problems = schema.validate(v);
        yield problems.isEmpty() ? Optional.empty()
            : Optional.of(at + ": does not satisfy the schema: " + String.join("; ", problems));
      }
      case "isError" -> {
        boolean isError = result.path("isError").asBoolean(false);
        yield isError == expected.asBoolean() ? Optional.empty()
            : Optional.of("isError: expected " + expected.asBoolean() + " but was " + isError
                + (result.has("error") ? " (the server answered with a JSON-RPC error)" : ""));
      }
      case "contentType" -> {
        List<String> types = contentTypes(result);
        yield types.contains(expected.asString()) ? Optional.empty()
            : Optional.of("contentType: expected a " + show(expected) + " item but the content types were " + types);
      }
      default -> latencyMs <= expected.asDouble() ? Optional.empty()
          : Optional.of("latency: " + latencyMs + " ms, more than the bound of " + expected.asLong() + " ms");
    };
  }

  /** Whether the assertion looks at the JSON-RPC error (then an error answer is not a failure by itself). */
  public boolean looksAtError() {
    return pointer.equals("/error") || pointer.startsWith("/error/");
  }

  private boolean contains(JsonNode v) {
    if (v.isString() && expected.isString()) {
      return v.asString().contains(expected.asString());
    }
    if (v.isArray()) {
      for (JsonNode e : v) {
        if (e.equals(expected)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The {@code type} of each content item (tools/call, prompts/get messages) or {@code mimeType} (resources/read). */
  private static List<String> contentTypes(JsonNode result) {
    List<String> out = new java.util.ArrayList<>();
    result.path("content").forEach(c -> out.add(c.path("type").asString("")));
    result.path("contents").forEach(c -> out.add(c.path("mimeType").asString("")));
    result.path("messages").forEach(m -> out.add(m.path("content").path("type").asString("")));
    return out;
  }

  private static String show(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "(absent)";
    }
    String s = Json.write(v);
    return s.length() > 300 ? s.substring(0, 297) + "..." : s;
  }
}
