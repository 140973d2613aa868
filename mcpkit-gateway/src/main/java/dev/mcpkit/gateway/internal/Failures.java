package dev.mcpkit.gateway.internal;

import dev.mcpkit.client.McpConnectionException;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.McpTimeoutException;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.text.PeerText;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns what went wrong with an upstream into the JSON-RPC error the downstream client gets: always naming the
 * upstream (in the message and as {@code data.upstream}), never a hang, never a Java class name.
 */
public final class Failures {

  private Failures() {}

  /** The error for a failed request {@code method} to {@code upstream}. */
  public static McpException of(String upstream, String method, Throwable failure) {
    if (failure instanceof McpException e) {
      return e;
    }
    if (failure instanceof dev.mcpkit.client.McpBlockedException e) {
      return blocked(null, upstream, e);
    }
    if (failure instanceof McpRpcException e) {
      int code = e.code();
      // The 2026 transport codes (header mismatch, missing capability, version) are about the gateway's own hop to
      // the upstream, not about what the downstream client sent: an internal error for it.
      if (code == ErrorCodes.HEADER_MISMATCH || code == ErrorCodes.MISSING_REQUIRED_CLIENT_CAPABILITY
          || code == ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION || code == ErrorCodes.PARSE_ERROR
          || code == ErrorCodes.INVALID_REQUEST) {
        code = ErrorCodes.INTERNAL_ERROR;
      }
      return new McpException(code, "upstream '" + upstream + "' answered " + method + " with an error: "
          + PeerText.line(e.serverMessage() == null ? "" : e.serverMessage(), 500), data(upstream, e.code()));
    }
    if (failure instanceof McpTimeoutException e) {
      return new McpException(ErrorCodes.INTERNAL_ERROR, "upstream '" + upstream + "' did not answer " + method
          + " within " + seconds(e.timeout()), data(upstream, null));
    }
    if (failure instanceof McpConnectionException e) {
      return new McpException(ErrorCodes.INTERNAL_ERROR, "upstream '" + upstream + "' is unavailable: "
          + PeerText.line(String.valueOf(e.getMessage()), 500), data(upstream, null));
    }
    return new McpException(ErrorCodes.INTERNAL_ERROR, "upstream '" + upstream + "' failed on " + method + ": "
        + PeerText.line(String.valueOf(failure.getMessage()), 500), data(upstream, null));
  }

  /**
   * The error for a call the gateway's guard refused (a definition it hides, or a result it withholds): {@code -32602}
   * (as for a tool that is not served), the message names what the caller asked for ({@code served}, e.g. {@code tool
   * "calc__add"}, or {@code null}), the upstream, and then the guard's reason, which names the upstream's own tool,
   * the rule and the finding (for a changed definition, the diff); {@code data} has {@code upstream} and {@code rule}.
   */
  public static McpException blocked(String served, String upstream, dev.mcpkit.client.McpBlockedException e) {
    ObjectNode data = data(upstream, null);
    data.put("rule", e.code());
    return new McpException(ErrorCodes.INVALID_PARAMS, (served == null ? "" : served + " refused: ") + "upstream '"
        + upstream + "': " + e.getMessage(), data);
  }

  /** The error for a call routed to an upstream that could not be reached. */
  public static McpException unavailable(String upstream, String reason) {
    return new McpException(ErrorCodes.INTERNAL_ERROR, "upstream '" + upstream + "' is unavailable: " + reason,
        data(upstream, null));
  }

  /** A duration as people write it: {@code 1.5 s}, {@code 30 s}. */
  public static String seconds(Duration d) {
    if (d == null) {
      return "its timeout";
    }
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  private static ObjectNode data(String upstream, Integer upstreamCode) {
    ObjectNode data = Json.object();
    data.put("upstream", upstream);
    if (upstreamCode != null) {
      data.put("upstreamCode", upstreamCode);
    }
    return data;
  }
}
