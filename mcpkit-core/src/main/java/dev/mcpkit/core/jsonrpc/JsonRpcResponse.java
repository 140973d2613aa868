package dev.mcpkit.core.jsonrpc;

/** A response: a result or an error, correlated to its request by id. */
public sealed interface JsonRpcResponse extends JsonRpcMessage
    permits JsonRpcResult, JsonRpcErrorResponse {

  /** The id of the request answered; {@code null} only for errors about unreadable requests. */
  RequestId id();
}
