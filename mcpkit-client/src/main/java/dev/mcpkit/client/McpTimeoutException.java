package dev.mcpkit.client;

import java.time.Duration;

/** No answer arrived within the request's timeout; the request was cancelled. */
public class McpTimeoutException extends McpConnectionException {

  private final Duration timeout;

  public McpTimeoutException(String message, Duration timeout) {
    super(message);
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }
}
