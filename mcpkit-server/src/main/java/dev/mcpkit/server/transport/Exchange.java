package dev.mcpkit.server.transport;

import dev.mcpkit.core.jsonrpc.JsonRpcMessage;

/**
 * The channel back to the client for one request being handled, provided by the transport: an
 * SSE event on the request's own HTTP response, or a line on stdout.
 */
@FunctionalInterface
public interface Exchange {

  /**
   * Sends a message that belongs to the request: a notification (progress, log, subscription
   * notifications) or, in a 2025 session, a server-to-client request. Thread-safe.
   *
   * @throws java.io.UncheckedIOException when the client is gone; the request is then cancelled
   */
  void send(JsonRpcMessage message);
}
