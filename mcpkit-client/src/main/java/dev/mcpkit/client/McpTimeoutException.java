package dev.mcpkit.client;

import java.time.Duration;

/** No answer arrived within the request's timeout; the request was cancelled. */
public class McpTimeoutException extends McpConnectionException {

  /** The timeout that passed. */
  private final Duration timeout;

  /** A timeout of {@code timeout}, described by {@code message}. */
  public McpTimeoutException(String message, Duration timeout) {
    super(message);
    this.timeout = timeout;
  }

  /** The timeout that passed. */
  public Duration timeout() {
    return timeout;
  }
}
