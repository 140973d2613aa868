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

  /**
   * The tree of the identity stamped last, looked up by reference: a server's {@code info()} is one
   * object for its life, and hashing the record (its strings, its icons) on every 2026 result was
   * a measurable part of the request. Other identities go through {@link #INFO}.
   */
  private static volatile Stamp last;

  private record Stamp(dev.mcpkit.core.schema.Implementation info, JsonNode tree) {}

  private Results() {}

  static JsonNode encode(Object result, String method, Era era, McpServer server) {
    ObjectNode tree = result instanceof ObjectNode o ? o : (ObjectNode) Json.tree(result);
    if (!era.hasResultType()) {
      tree.remove("resultType");
      tree.remove("ttlMs");
      tree.remove("cacheScope");
      // a handler's result may come from another server (a gateway relays its upstream's): the 2026 identity key
      // is not part of a 2025 result, and there it would name the upstream, not this server
      if (tree.get("_meta") instanceof ObjectNode m && m.remove(MetaKeys.SERVER_INFO) != null && m.isEmpty()) {
        tree.remove("_meta");
      }
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

  /**
   * Puts the server's identity in a 2026 result's {@code _meta}, replacing one the handler's result carried: the key
   * names "the server software producing the response", and a result relayed from another server (a gateway's from
   * its upstream) would otherwise name that server.
   */
  static ObjectNode stamp(ObjectNode tree, McpServer server) {
    JsonNode meta = tree.get("_meta");
    ObjectNode m = meta instanceof ObjectNode o ? o : tree.putObject("_meta");
    m.set(MetaKeys.SERVER_INFO, info(server.info()));
    return tree;
  }

  /**
   * The server identity's tree: shared, never mutated, serialised as part of every 2026 result. The first identity
   * a process stamps (most processes have one server) is not hashed: a record's first {@code hashCode} links its
   * {@code ObjectMethods} call site, a measurable part of a stdio server's first answer.
   */
  static JsonNode info(dev.mcpkit.core.schema.Implementation info) {
    Stamp s = last;
    if (s == null || s.info() != info) {
      s = new Stamp(info, s == null ? Json.tree(info) : INFO.computeIfAbsent(info, Json::tree));
      last = s;
    }
    return s.tree();
  }
}
