package dev.mcpkit.client;

/**
 * Base of every failure the client reports. The subclasses say what kind of failure it is, so a
 * caller (or the {@code mcpkit} command's exit code) can tell a server that cannot be reached from
 * one that answered with an error, one that broke the protocol, or one that wants credentials.
 * Messages name the server and what happened, never a stack trace of the peer.
 */
public class McpClientException extends RuntimeException {

  public McpClientException(String message) {
    super(message);
  }

  public McpClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
