package dev.mcpkit.core.jsonrpc;

/**
 * One JSON-RPC 2.0 message. MCP uses requests, notifications and responses; batches exist only in
 * revision 2025-03-26 and are unpacked by the transport before messages reach this type.
 */
public sealed interface JsonRpcMessage
    permits JsonRpcRequest, JsonRpcNotification, JsonRpcResponse {}
