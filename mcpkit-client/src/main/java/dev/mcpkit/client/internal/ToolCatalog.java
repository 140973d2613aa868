package dev.mcpkit.client.internal;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.McpHeaders;
import dev.mcpkit.core.text.PeerText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the client remembers of the tool definitions it listed: the {@code x-mcp-header}
 * parameters of each tool, so that {@code tools/call} can mirror them into {@code Mcp-Param-*}
 * headers. On HTTP, a tool whose annotations break the rules is dropped from the listing, with a
 * warning naming the tool and the reason (the spec's client MUST).
 */
public final class ToolCatalog {

  /** A bound on remembered tools: a server that lists ever new names cannot grow the catalog without end. */
  private static final int MAX_TOOLS = 100_000;

  private final Map<String, List<McpHeaders.HeaderParam>> params = new ConcurrentHashMap<>();

  /**
   * Records the tools of one {@code tools/list} page.
   *
   * @param filter whether to drop invalid tools (HTTP transports)
   * @return the page, without the invalid tools when filtering
   */
  public JsonNode learn(JsonNode page, boolean filter, Consumer<String> warnings) {
    JsonNode tools = page.get("tools");
    if (tools == null || !tools.isArray()) {
      return page;
    }
    if (params.size() + tools.size() > MAX_TOOLS) {
      params.clear(); // forgotten tools are learned again before their next call
    }
    ArrayNode kept = Json.array();
    boolean dropped = false;
    for (JsonNode t : tools) {
      String name = t.path("name").asString("");
      try {
        List<McpHeaders.HeaderParam> p = McpHeaders.headerParams(t.get("inputSchema"));
        params.put(name, p);
        kept.add(t);
      } catch (IllegalArgumentException e) {
        params.remove(name);
        if (filter) {
          dropped = true;
          warnings.accept("tool \"" + PeerText.line(name, 100) + "\" was rejected: " + e.getMessage());
        } else {
          kept.add(t);
        }
      }
    }
    if (!dropped) {
      return page;
    }
    ObjectNode copy = ((ObjectNode) page).deepCopy();
    copy.set("tools", kept);
    return copy;
  }

  public boolean knows(String tool) {
    return params.containsKey(tool);
  }

  /** The {@code Mcp-Param-*} headers for a call of this tool with these arguments. */
  public Map<String, String> headers(String tool, JsonNode arguments) {
    Map<String, String> h = new LinkedHashMap<>();
    for (McpHeaders.HeaderParam p : params.getOrDefault(tool, List.of())) {
      p.valueIn(arguments).filter(v -> !McpHeaders.isUnsafeInteger(v)).flatMap(McpHeaders::valueOf)
          .ifPresent(v -> h.put(p.headerName(), McpHeaders.encode(v)));
    }
    return h;
  }

  public void clear() {
    params.clear();
  }
}
