package dev.mcpkit.core.jsonrpc;

import java.util.Objects;

/**
 * An error response.
 *
 * @param id the request's id, or {@code null} when the request could not be read
 */
public record JsonRpcErrorResponse(RequestId id, JsonRpcError error) implements JsonRpcResponse {

  /** Checks that {@code error} is present. */
  public JsonRpcErrorResponse {
    Objects.requireNonNull(error, "error");
  }

  /** An error response with this code and message and no {@code data}. */
  public static JsonRpcErrorResponse of(RequestId id, int code, String message) {
    return new JsonRpcErrorResponse(id, new JsonRpcError(code, message));
  }
}
