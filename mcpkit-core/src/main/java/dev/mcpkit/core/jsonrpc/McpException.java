package dev.mcpkit.core.jsonrpc;

import tools.jackson.databind.JsonNode;

/**
 * A failure that becomes a JSON-RPC error response. Throw it from a handler to answer with a
 * specific code and message; any other exception becomes {@link ErrorCodes#INTERNAL_ERROR} with a
 * generic message (the detail goes to the log, never to the wire).
 */
public class McpException extends RuntimeException {

  /** The JSON-RPC error code sent. */
  private final int code;
  private final transient JsonNode data;

  /** A failure answered with this code and message, without {@code data}. */
  public McpException(int code, String message) {
    this(code, message, null);
  }

  /** A failure answered with this code, message and {@code data} (sent to the peer: no internals). */
  public McpException(int code, String message, JsonNode data) {
    super(message, null, false, false);
    this.code = code;
    this.data = data;
  }

  /** {@link ErrorCodes#INVALID_PARAMS} with this message. */
  public static McpException invalidParams(String message) {
    return new McpException(ErrorCodes.INVALID_PARAMS, message);
  }

  /** {@link ErrorCodes#METHOD_NOT_FOUND} naming the method. */
  public static McpException methodNotFound(String method) {
    return new McpException(ErrorCodes.METHOD_NOT_FOUND, "Method not found: " + method);
  }

  /** {@link ErrorCodes#INVALID_REQUEST} with this message. */
  public static McpException invalidRequest(String message) {
    return new McpException(ErrorCodes.INVALID_REQUEST, message);
  }

  /** The JSON-RPC error code. */
  public int code() {
    return code;
  }

  /** The error's {@code data}, or {@code null}. */
  public JsonNode data() {
    return data;
  }

  /** The {@code error} member this failure is answered with. */
  public JsonRpcError toError() {
    return new JsonRpcError(code, getMessage(), data);
  }
}
