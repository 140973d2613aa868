package dev.mcpkit.client;

/** A 2025-era server no longer knows the session (HTTP 404 on a request with its id). */
public class McpSessionExpiredException extends McpConnectionException {

  /** An expired session, described by {@code message}. */
  public McpSessionExpiredException(String message) {
    super(message);
  }
}
