package dev.mcpkit.client;

/**
 * The server cannot be reached or went away: connection refused, a stdio process that could not
 * start or exited, a stream reset, a client that is closed.
 */
public class McpConnectionException extends McpClientException {

  /** A connection failure with this message. */
  public McpConnectionException(String message) {
    super(message);
  }

  /** A connection failure with this message and cause. */
  public McpConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
