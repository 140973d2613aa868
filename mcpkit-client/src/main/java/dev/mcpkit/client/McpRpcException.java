package dev.mcpkit.client;

import dev.mcpkit.core.text.PeerText;
import tools.jackson.databind.JsonNode;

/**
 * The server answered a request with a JSON-RPC error. {@link #getMessage()} shows the server's
 * message through {@link PeerText} (safe to print or log); {@link #serverMessage()} is the text as sent.
 */
public class McpRpcException extends McpClientException {

  private final int code;
  private final String serverMessage;
  private final transient JsonNode data;
  private final int httpStatus;

  public McpRpcException(int code, String message, JsonNode data, int httpStatus) {
    super(PeerText.block(message) + " (JSON-RPC error " + code + ")");
    this.serverMessage = message;
    this.code = code;
    this.data = data;
    this.httpStatus = httpStatus;
  }

  /** The error message exactly as the server sent it: escape it before showing it (see {@link PeerText}). */
  public String serverMessage() {
    return serverMessage;
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
