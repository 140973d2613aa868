package dev.mcpkit.client;

import tools.jackson.databind.JsonNode;

/** The server answered a request with a JSON-RPC error. */
public class McpRpcException extends McpClientException {

  private final int code;
  private final transient JsonNode data;
  private final int httpStatus;

  public McpRpcException(int code, String message, JsonNode data, int httpStatus) {
    super(message + " (JSON-RPC error " + code + ")");
    this.code = code;
    this.data = data;
    this.httpStatus = httpStatus;
  }

  public int code() {
    return code;
  }

  /** The error's {@code data} member, or {@code null}. */
  public JsonNode data() {
    return data;
  }

  /** The HTTP status that carried the error, or 0 when it did not come over HTTP. */
  public int httpStatus() {
    return httpStatus;
  }
}
