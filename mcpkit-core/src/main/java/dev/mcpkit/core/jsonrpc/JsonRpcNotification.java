package dev.mcpkit.core.jsonrpc;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * A notification: one-way, never answered.
 *
 * @param params the params object, or {@code null} when it has none
 */
public record JsonRpcNotification(String method, ObjectNode params) implements JsonRpcMessage {

  /** Checks that {@code method} is present. */
  public JsonRpcNotification {
    Objects.requireNonNull(method, "method");
  }
}
