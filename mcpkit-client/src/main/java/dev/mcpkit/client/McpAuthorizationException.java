package dev.mcpkit.client;

import java.util.List;

/**
 * The server requires authorization (HTTP 401) or more of it (403), and the configured {@link
 * dev.mcpkit.client.auth.AuthProvider} could not supply it.
 */
public class McpAuthorizationException extends McpClientException {

  private final int status;
  private final List<String> challenges;

  public McpAuthorizationException(String message, int status, List<String> challenges) {
    super(message);
    this.status = status;
    this.challenges = List.copyOf(challenges);
  }

  public int status() {
    return status;
  }

  /** The {@code WWW-Authenticate} header values, as sent. */
  public List<String> challenges() {
    return challenges;
  }
}
