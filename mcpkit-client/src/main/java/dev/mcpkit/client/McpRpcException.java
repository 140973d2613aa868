package dev.mcpkit.client;

import dev.mcpkit.core.text.PeerText;
import tools.jackson.databind.JsonNode;

/**
 * The server answered a request with a JSON-RPC error. {@link #getMessage()} shows the server's
 * message through {@link PeerText} (safe to print or log); {@link #serverMessage()} is the text as sent.
 */
public class McpRpcException extends McpClientException {

  /** The JSON-RPC error code. */
  private final int code;
  /** The server's message as sent. */
  private final String serverMessage;
  private final transient JsonNode data;
  /** The HTTP status that carried the error, or 0. */
  private final int httpStatus;

  /** An error with the server's code, message (as sent), {@code data} and the HTTP status that carried it (0: none). */
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

  /** The JSON-RPC error code the server sent. */
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
