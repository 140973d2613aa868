package dev.mcpkit.core.jsonrpc;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request: expects exactly one response with the same id.
 *
 * @param params the params object, or {@code null} when the request has none
 */
public record JsonRpcRequest(RequestId id, String method, ObjectNode params) implements JsonRpcMessage {

  /** Checks that {@code id} and {@code method} are present. */
  public JsonRpcRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(method, "method");
  }
}
