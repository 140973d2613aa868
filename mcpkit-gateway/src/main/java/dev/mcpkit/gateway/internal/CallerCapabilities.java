package dev.mcpkit.gateway.internal;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.schema.ClientCapabilities;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client capabilities a routed request declares to a 2026-07-28 upstream (they travel per request there): the
 * downstream caller's, limited to what the gateway relays. An upstream that adapts to its client (asks only what the
 * client can answer: SEP-2322 says a server includes input requests only for declared capabilities) then adapts to
 * the caller, not to the gateway, which would relay a question the caller cannot answer. A 2025 upstream's session was
 * negotiated once with the gateway's own capabilities, so this applies to 2026 upstreams only.
 */
final class CallerCapabilities {

  private CallerCapabilities() {}

  /**
   * The {@code _meta} member naming the capabilities, for a request of a caller that declared {@code caller}: each
   * capability the gateway's upstream client declares ({@code own}) that the caller declares too, as the caller
   * declares it; {@code null} when the caller is unknown (then the gateway's own capabilities are sent).
   */
  static ObjectNode meta(ClientCapabilities own, ClientCapabilities caller) {
    if (caller == null) {
      return null;
    }
    ObjectNode mine = (ObjectNode) Json.tree(own);
    JsonNode theirs = Json.tree(caller);
    ObjectNode out = Json.object();
    for (var e : mine.properties()) {
      JsonNode declared = theirs.get(e.getKey());
      if (e.getValue() != null && !e.getValue().isNull() && declared != null && !declared.isNull()) {
        out.set(e.getKey(), declared);
      }
    }
    ObjectNode meta = Json.object();
    meta.set(MetaKeys.CLIENT_CAPABILITIES, out);
    return meta;
  }
}
