package dev.mcpkit.conformance.golden;

import dev.mcpkit.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * What differs between two runs against the same server, replaced by stable placeholders: session
 * ids (header and legacy endpoint), sealed {@code requestState} blobs, the ids of the server's own
 * requests, and the port. A placeholder is written {@code ${kind#n}} in the answers, numbered in
 * order of first appearance, and the same text in what the test sends stands for the value (with
 * its quotes, {@code "${server-id#1}"} is the JSON value, so a numeric id stays a number). Every
 * JSON body is rendered canonically: keys sorted, two-space indentation, values as sent.
 */
final class Normaliser {

  private static final Pattern QUOTED = Pattern.compile("\"\\$\\{([A-Za-z-]+#\\d+)\\}\"");
  private static final Pattern BARE = Pattern.compile("\\$\\{([A-Za-z-]+#\\d+|port|spaces:\\d+)\\}");
  private static final Pattern LEGACY_SESSION = Pattern.compile("sessionId=([0-9A-Za-z_-]+)");

  private final Map<String, JsonNode> values = new LinkedHashMap<>();
  private final Map<String, Integer> counters = new TreeMap<>();
  private final int port;

  Normaliser(int port) {
    this.port = port;
  }

  /** The placeholder name of an actual value of a kind; a new one the first time the value is seen. */
  String name(String kind, JsonNode actual) {
    for (Map.Entry<String, JsonNode> e : values.entrySet()) {
      if (e.getKey().startsWith(kind + "#") && e.getValue().equals(actual)) {
        return e.getKey();
      }
    }
    String name = kind + "#" + counters.merge(kind, 1, Integer::sum);
    values.put(name, actual);
    return name;
  }

  /** What the test sends, with the placeholders replaced by the values they stand for. */
  String substitute(String text) {
    if (text == null) {
      return null;
    }
    String quoted = replace(QUOTED, text, name -> Json.write(value(name)));
    return replace(BARE, quoted, name -> {
      if (name.equals("port")) {
        return Integer.toString(port);
      }
      if (name.startsWith("spaces:")) {
        return " ".repeat(Integer.parseInt(name.substring(7)));
      }
      JsonNode v = value(name);
      return v.isString() ? v.asString() : Json.write(v);
    });
  }

  private JsonNode value(String name) {
    JsonNode v = values.get(name);
    if (v == null) {
      throw new IllegalStateException("${" + name + "} is used before the server gave it");
    }
    return v;
  }

  private static String replace(Pattern p, String text, java.util.function.Function<String, String> value) {
    Matcher m = p.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(value.apply(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A header value: a session id becomes its placeholder, the port too. */
  String header(String name, String value) {
    if (name.equalsIgnoreCase("Mcp-Session-Id")) {
      return "${" + name("session", StringNode.valueOf(value)) + "}";
    }
    return text(value);
  }

  /** Free text (an SSE data line that is not JSON): the legacy session id and the port. */
  String text(String value) {
    Matcher m = LEGACY_SESSION.matcher(value);
    if (m.find()) {
      name("sse-session", StringNode.valueOf(m.group(1)));
    }
    String out = value;
    for (Map.Entry<String, JsonNode> e : values.entrySet()) {
      if (e.getValue().isString() && e.getValue().asString().length() >= 8) {
        out = out.replace(e.getValue().asString(), "${" + e.getKey() + "}");
      }
    }
    return out.replace("127.0.0.1:" + port, "127.0.0.1:${port}").replace("localhost:" + port, "localhost:${port}");
  }

  /**
   * One JSON-RPC message from the server, rendered canonically: a message with
   * a method and an id is the server's own request, whose id it invented.
   */
  String message(JsonNode message) {
    JsonNode copy = message.deepCopy();
    if (copy instanceof ObjectNode o && o.has("method") && o.has("id")) {
      o.put("id", "${" + name("server-id", o.get("id")) + "}");
    }
    return pretty(normalise(copy));
  }

  private JsonNode normalise(JsonNode node) {
    if (node instanceof ObjectNode o) {
      ObjectNode sorted = Json.object();
      List<String> keys = new ArrayList<>();
      o.properties().forEach(e -> keys.add(e.getKey()));
      keys.sort(null);
      for (String k : keys) {
        JsonNode v = o.get(k);
        if (k.equals("requestState") && v.isString()) {
          sorted.put(k, "${" + name("requestState", v) + "}");
        } else {
          sorted.set(k, normalise(v));
        }
      }
      return sorted;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode out = Json.array();
      a.forEach(e -> out.add(normalise(e)));
      return out;
    }
    if (node.isString()) {
      return StringNode.valueOf(text(node.asString()));
    }
    return node;
  }

  static String pretty(JsonNode node) {
    return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node).replace("\r\n", "\n");
  }
}
