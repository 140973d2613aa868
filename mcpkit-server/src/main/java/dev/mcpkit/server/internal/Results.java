package dev.mcpkit.server.internal;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.server.CacheHint;
import dev.mcpkit.server.McpServer;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes results for the revision of the request: the one place where result shapes differ
 * between eras. 2026-07-28 results carry {@code resultType}, the server's identity in {@code
 * _meta}, and caching hints on cacheable methods; 2025 results carry none of these.
 */
final class Results {

  static final Set<String> CACHEABLE = Set.of(Methods.SERVER_DISCOVER, Methods.TOOLS_LIST, Methods.PROMPTS_LIST,
      Methods.RESOURCES_LIST, Methods.RESOURCES_TEMPLATES_LIST, Methods.RESOURCES_READ);

  private static final java.util.Map<dev.mcpkit.core.schema.Implementation, JsonNode> INFO =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Results() {}

  static JsonNode encode(Object result, String method, Era era, McpServer server) {
    ObjectNode tree = result instanceof ObjectNode o ? o : (ObjectNode) Json.tree(result);
    if (!era.hasResultType()) {
      tree.remove("resultType");
      tree.remove("ttlMs");
      tree.remove("cacheScope");
      return tree;
    }
    if (!tree.has("resultType")) {
      tree.put("resultType", "complete");
    }
    if (CACHEABLE.contains(method) && "complete".equals(Json.string(tree.get("resultType")))) {
      CacheHint hint = server.cacheHint(method);
      if (!tree.has("ttlMs")) {
        tree.put("ttlMs", hint.ttlMs());
      }
      if (!tree.has("cacheScope")) {
        tree.put("cacheScope", hint.scope());
      }
    }
    return stamp(tree, server);
  }

  /** Adds the server's identity to a 2026 result's {@code _meta}. */
  static ObjectNode stamp(ObjectNode tree, McpServer server) {
    JsonNode meta = tree.get("_meta");
    ObjectNode m = meta instanceof ObjectNode o ? o : tree.putObject("_meta");
    if (!m.has(MetaKeys.SERVER_INFO)) {
      // Shared, never mutated: serialised as part of every 2026 result, built once per identity.
      m.set(MetaKeys.SERVER_INFO, INFO.computeIfAbsent(server.info(), Json::tree));
    }
    return tree;
  }
}
