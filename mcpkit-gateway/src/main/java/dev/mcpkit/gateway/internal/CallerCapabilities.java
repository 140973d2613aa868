package dev.mcpkit.gateway.internal;

import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.schema.ClientCapabilities;
import dev.mcpkit.core.text.PeerText;
import dev.mcpkit.server.RequestContext;
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
   * capability the gateway's upstream client declares ({@code mine}, as JSON, not changed) that the caller declares
   * too, as the caller declares it; {@code null} when the caller is unknown (then the gateway's own capabilities are sent).
   */
  static ObjectNode meta(ObjectNode mine, ClientCapabilities caller) {
    if (caller == null) {
      return null;
    }
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

  /**
   * Whether a caller that declared {@code caller} can answer none of the questions the gateway relays (elicitation,
   * sampling, roots): then a 2026-07-28 upstream, told so with each request ({@link #meta}), asks nothing.
   * {@code false} when the caller is unknown (the upstream is then told the gateway's own capabilities).
   */
  static boolean answersNothing(ClientCapabilities caller) {
    return caller != null && caller.elicitation() == null && caller.sampling() == null && caller.roots() == null;
  }

  /**
   * The error for a 2026-07-28 upstream's {@code -32021} (missing required client capability) on a request that
   * carried the caller's capabilities: it is the caller that lacks them, so the caller gets its era's error (-32021
   * with {@code requiredCapabilities} in 2026-07-28, -32600 in 2025), naming the upstream. {@code null} for any other
   * failure.
   */
  static McpException missing(String upstream, String method, Throwable failure, RequestContext ctx) {
    if (!(failure instanceof McpRpcException e) || e.code() != ErrorCodes.MISSING_REQUIRED_CLIENT_CAPABILITY
        || ctx == null) {
      return null;
    }
    ObjectNode data = Json.object();
    JsonNode required = e.data() == null ? null : e.data().get("requiredCapabilities");
    if (required != null && required.isObject()) {
      data.set("requiredCapabilities", required);
    }
    data.put("upstream", upstream);
    boolean stateless = Era.of(ctx.protocolVersion()).usesInputRequiredResults();
    return new McpException(stateless ? ErrorCodes.MISSING_REQUIRED_CLIENT_CAPABILITY : ErrorCodes.INVALID_REQUEST,
        "upstream '" + upstream + "' cannot serve " + method + " without a client capability: "
            + PeerText.line(e.serverMessage() == null ? "" : e.serverMessage(), 500), data);
  }
}
