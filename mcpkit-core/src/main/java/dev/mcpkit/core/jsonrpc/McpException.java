package dev.mcpkit.core.jsonrpc;

import tools.jackson.databind.JsonNode;

/**
 * A failure that becomes a JSON-RPC error response. Throw it from a handler to answer with a
 * specific code and message; any other exception becomes {@link ErrorCodes#INTERNAL_ERROR} with a
 * generic message (the detail goes to the log, never to the wire).
 */
public class McpException extends RuntimeException {

  private final int code;
  private final transient JsonNode data;

  public McpException(int code, String message) {
    this(code, message, null);
  }

  public McpException(int code, String message, JsonNode data) {
    super(message, null, false, false);
    this.code = code;
    this.data = data;
  }

  public static McpException invalidParams(String message) {
    return new McpException(ErrorCodes.INVALID_PARAMS, message);
  }

  public static McpException methodNotFound(String method) {
    return new McpException(ErrorCodes.METHOD_NOT_FOUND, "Method not found: " + method);
  }

  public static McpException invalidRequest(String message) {
    return new McpException(ErrorCodes.INVALID_REQUEST, message);
  }

  public int code() {
    return code;
  }

  public JsonNode data() {
    return data;
  }

  public JsonRpcError toError() {
    return new JsonRpcError(code, getMessage(), data);
  }
}
