package dev.mcpkit.client;

import dev.mcpkit.core.schema.InputRequiredResult;

/**
 * A typed call made with {@link RequestOptions#withInputRequiredReturned(boolean)} got a 2026-07-28 {@code
 * InputRequiredResult}: the server asks for input before it completes the request. {@link #result()} has its {@code
 * inputRequests} and {@code requestState}; the call is retried with the answers through {@link McpClient#request}.
 */
public final class McpInputRequiredException extends McpClientException {

  private final transient InputRequiredResult result;

  /** The server's {@code InputRequiredResult} for {@code method}. */
  public McpInputRequiredException(String method, InputRequiredResult result) {
    super(method + ": the server asks for input (" + (result.inputRequests() == null ? 0
        : result.inputRequests().size()) + " input request(s)) before it completes the request");
    this.result = result;
  }

  /** The server's result, as it sent it. */
  public InputRequiredResult result() {
    return result;
  }
}
