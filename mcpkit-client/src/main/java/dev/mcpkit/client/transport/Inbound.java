package dev.mcpkit.client.transport;

import dev.mcpkit.client.McpClientException;
import dev.mcpkit.core.jsonrpc.JsonRpcMessage;
import dev.mcpkit.core.jsonrpc.RequestId;

/** Where a transport delivers what the server sends. Implemented by the client; thread-safe. */
public interface Inbound {

  /** A message from the server: a response, a notification, or (2025 era) a request. */
  void message(JsonRpcMessage message);

  /** The request with this id can get no answer (error status, stream lost, oversize answer). */
  void failed(RequestId id, McpClientException error);

  /**
   * Something went wrong that cannot be tied to one request on a shared channel (stdio: a message
   * over the size limit); every request in flight fails with it, the connection stays usable.
   */
  void failAll(McpClientException error);

  /** The connection is gone for good (the process exited, the legacy stream ended). */
  void closed(McpClientException cause);

  /** Something odd but survivable happened (a junk line on stdout); the client reports it. */
  void warning(String text);
}
