package dev.mcpkit.core.jsonrpc;

import tools.jackson.databind.JsonNode;

/**
 * The {@code error} member of a JSON-RPC error response.
 *
 * @param code an integer code; see {@link ErrorCodes}
 * @param message a short, human-readable description (never a stack trace)
 * @param data optional structured detail
 */
public record JsonRpcError(int code, String message, JsonNode data) {

  /** An error without {@code data}. */
  public JsonRpcError(int code, String message) {
    this(code, message, null);
  }
}
