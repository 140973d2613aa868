package dev.mcpkit.client;

import java.util.List;

/**
 * The server requires authorization (HTTP 401) or more of it (403), and the configured {@link
 * dev.mcpkit.client.auth.AuthProvider} could not supply it.
 */
public class McpAuthorizationException extends McpClientException {

  /** The HTTP status of the refusal. */
  private final int status;
  /** The {@code WWW-Authenticate} values. */
  private final List<String> challenges;

  /** A refusal with this status (401 or 403) and these {@code WWW-Authenticate} values. */
  public McpAuthorizationException(String message, int status, List<String> challenges) {
    super(message);
    this.status = status;
    this.challenges = List.copyOf(challenges);
  }

  /** The HTTP status of the refusal: 401 or 403. */
  public int status() {
    return status;
  }

  /** The {@code WWW-Authenticate} header values, as sent. */
  public List<String> challenges() {
    return challenges;
  }
}
