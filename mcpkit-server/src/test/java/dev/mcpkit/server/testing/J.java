package dev.mcpkit.server.testing;

import dev.mcpkit.core.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Terse JSON building for tests. */
public final class J {

  private J() {}

  /** An object from name/value pairs; values are strings, numbers, booleans, JSON nodes or null. */
  public static ObjectNode obj(Object... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("name/value pairs expected");
    }
    ObjectNode o = Json.object();
    for (int i = 0; i < pairs.length; i += 2) {
      o.set((String) pairs[i], node(pairs[i + 1]));
    }
    return o;
  }

  public static ArrayNode arr(Object... values) {
    ArrayNode a = Json.array();
    for (Object v : values) {
      a.add(node(v));
    }
    return a;
  }

  public static JsonNode node(Object v) {
    return switch (v) {
      case null -> Json.object().nullNode();
      case JsonNode n -> n;
      default -> Json.tree(v);
    };
  }

  public static ObjectNode parse(String json) {
    return (ObjectNode) Json.parse(json);
  }
}
