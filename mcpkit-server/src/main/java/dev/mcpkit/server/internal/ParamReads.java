package dev.mcpkit.server.internal;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.CallToolRequestParams;
import dev.mcpkit.core.schema.ClientCapabilities;
import dev.mcpkit.core.schema.Implementation;
import dev.mcpkit.core.schema.InitializeRequestParams;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Reads the records every request of the benchmark's hot path carries, {@code _meta}'s
 * client info (every 2026 request), {@code tools/call}'s and {@code initialize}'s params, straight from the request's
 * tree when each member has exactly its declared JSON type. The profile showed
 * Jackson's generic tree-to-record conversion of the first two as about a sixth of a request's CPU:
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
   * What a {@code tools/call} uses of its params: the tool's name and its arguments.
   *
   * @param arguments a copy (a handler may change its own), as the conversion made one; {@code null} when absent
   */
  record ToolCall(String name, ObjectNode arguments) {}

  /**
   * A {@code tools/call}'s name and arguments, as {@code Json.convert(params, CallToolRequestParams.class)} reads
   * them, and refusing what it refuses. Only the arguments are copied: the other object members ({@code _meta},
   * {@code task}, {@code inputResponses}) are type-checked here but read from the request by whoever needs them,
   * and copying a 2026 request's {@code _meta} (client info, capabilities) was most of this read's allocation.
   */
  static ToolCall toolCall(ObjectNode params) {
    String name = null;
    ObjectNode arguments = null;
    for (Map.Entry<String, JsonNode> e : params.properties()) {
      JsonNode v = e.getValue();
      boolean fits = switch (e.getKey()) {
        case "name" -> (name = text(v)) != null;
        case "arguments" -> (arguments = object(v)) != null;
        case "requestState" -> text(v) != null;
        case "inputResponses", "task", "_meta" -> object(v) != null;
        default -> true; // unknown members are ignored, as the mapper does
      };
      if (!fits) {
        CallToolRequestParams converted = Json.convert(params, CallToolRequestParams.class);
        return new ToolCall(converted.name(), converted.arguments());
      }
    }
    return new ToolCall(name, arguments == null ? null : arguments.deepCopy());
  }

  /**
   * An {@code initialize}'s params, as {@code Json.convert(params, InitializeRequestParams.class)}
   * reads them: the protocol version, the client's capabilities and info, once per session, read
   * from the tree the schema check already walked instead of converted through a token stream.
   * Object members are copies, as the conversion made them.
   */
  static InitializeRequestParams initialize(ObjectNode params) {
    String protocolVersion = null;
    ClientCapabilities capabilities = null;
    Implementation clientInfo = null;
    ObjectNode meta = null;
    for (Map.Entry<String, JsonNode> e : params.properties()) {
      JsonNode v = e.getValue();
      boolean fits = switch (e.getKey()) {
        case "protocolVersion" -> (protocolVersion = text(v)) != null;
        case "capabilities" -> v instanceof ObjectNode o && (capabilities = capabilities(o)) != null;
        case "clientInfo" -> v instanceof ObjectNode o && (clientInfo = implementation(o)) != null;
        case "_meta" -> (meta = object(v)) != null;
        default -> true; // unknown members are ignored, as the mapper does
      };
      if (!fits) {
        return Json.convert(params, InitializeRequestParams.class);
      }
    }
    return new InitializeRequestParams(protocolVersion, capabilities, clientInfo, meta == null ? null : meta.deepCopy());
  }

  /** The capabilities when each known member is an object, else null (the conversion decides). */
  private static ClientCapabilities capabilities(ObjectNode caps) {
    ObjectNode[] known = new ObjectNode[6];
    for (Map.Entry<String, JsonNode> e : caps.properties()) {
      int i = switch (e.getKey()) {
        case "roots" -> 0;
        case "sampling" -> 1;
        case "elicitation" -> 2;
        case "experimental" -> 3;
        case "extensions" -> 4;
        case "tasks" -> 5;
        default -> -1; // unknown members are ignored, as the mapper does
      };
      if (i >= 0) {
        if (!(e.getValue() instanceof ObjectNode o)) {
          return null;
        }
        known[i] = o.deepCopy();
      }
    }
    return new ClientCapabilities(known[0], known[1], known[2], known[3], known[4], known[5]);
  }

  private static String text(JsonNode v) {
    return v instanceof StringNode s ? s.stringValue() : null;
  }

  private static ObjectNode object(JsonNode v) {
    return v instanceof ObjectNode o ? o : null;
  }
}
