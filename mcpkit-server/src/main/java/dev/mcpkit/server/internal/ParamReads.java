package dev.mcpkit.server.internal;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.CallToolRequestParams;
import dev.mcpkit.core.schema.Implementation;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Reads the two records every request of the benchmark's hot path carries, {@code _meta}'s
 * client info (every 2026 request) and {@code tools/call}'s params, straight from the request's
 * tree when each member has exactly its declared JSON type. The profile (issue 17 item 2) showed
 * Jackson's generic tree-to-record conversion of these two as about a sixth of a request's CPU:
 * it walks the tree as a token stream and rebuilds every object member, {@code _meta} and the
 * arguments included, node by node.
 *
 * <p>Anything else (a member of another type, a JSON {@code null}, icons) goes through {@link
 * Json#convert} as before, so the records and every error message are those of the generic
 * conversion: this is a shortcut for the common shape, never a second set of rules.
 */
final class ParamReads {

  private ParamReads() {}

  /** The client info of a {@code _meta}, as {@code Json.convert(node, Implementation.class)} reads it. */
  static Implementation implementation(JsonNode node) {
    if (!(node instanceof ObjectNode o)) {
      return Json.convert(node, Implementation.class);
    }
    String name = null;
    String title = null;
    String version = null;
    String description = null;
    String websiteUrl = null;
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "name" -> name = text(v);
        case "title" -> title = text(v);
        case "version" -> version = text(v);
        case "description" -> description = text(v);
        case "websiteUrl" -> websiteUrl = text(v);
        case "icons" -> { return Json.convert(node, Implementation.class); }
        default -> { } // unknown members are ignored, as the mapper does
      }
      if (!(v instanceof StringNode)) {
        return Json.convert(node, Implementation.class); // coercions and their errors stay Jackson's
      }
    }
    return new Implementation(name, title, version, description, null, websiteUrl);
  }

  /**
   * A {@code tools/call}'s params, as {@code Json.convert(params, CallToolRequestParams.class)}
   * reads them. The arguments are a copy (a handler may change its own), as the conversion made one.
   */
  static CallToolRequestParams callTool(ObjectNode params) {
    String name = null;
    ObjectNode arguments = null;
    ObjectNode inputResponses = null;
    String requestState = null;
    ObjectNode task = null;
    ObjectNode meta = null;
    for (Map.Entry<String, JsonNode> e : params.properties()) {
      JsonNode v = e.getValue();
      boolean fits = switch (e.getKey()) {
        case "name" -> (name = text(v)) != null;
        case "requestState" -> (requestState = text(v)) != null;
        case "arguments" -> (arguments = object(v)) != null;
        case "inputResponses" -> (inputResponses = object(v)) != null;
        case "task" -> (task = object(v)) != null;
        case "_meta" -> (meta = object(v)) != null;
        default -> true; // unknown members are ignored, as the mapper does
      };
      if (!fits) {
        return Json.convert(params, CallToolRequestParams.class);
      }
    }
    return new CallToolRequestParams(name, arguments == null ? null : arguments.deepCopy(),
        inputResponses == null ? null : inputResponses.deepCopy(), requestState,
        task == null ? null : task.deepCopy(), meta == null ? null : meta.deepCopy());
  }

  private static String text(JsonNode v) {
    return v instanceof StringNode s ? s.stringValue() : null;
  }

  private static ObjectNode object(JsonNode v) {
    return v instanceof ObjectNode o ? o : null;
  }
}
