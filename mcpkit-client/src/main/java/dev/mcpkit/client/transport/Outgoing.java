package dev.mcpkit.client.transport;

import dev.mcpkit.core.jsonrpc.JsonRpcMessage;
import dev.mcpkit.core.protocol.ProtocolVersion;
import java.util.Map;
import java.util.Objects;

/**
 * A message to send, with what an HTTP transport needs beside the body.
 *
 * @param message the JSON-RPC message
 * @param version the protocol revision in use, or {@code null} before one is agreed (the
 *     {@code initialize} request)
 * @param headers extra HTTP headers for this message ({@code Mcp-Method}, {@code Mcp-Name}, {@code
 *     Mcp-Param-*}); ignored by stdio
 */
public record Outgoing(JsonRpcMessage message, ProtocolVersion version, Map<String, String> headers) {

  /** Copies the headers. */
  public Outgoing {
    Objects.requireNonNull(message, "message");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** A message without extra headers. */
  public static Outgoing of(JsonRpcMessage message, ProtocolVersion version) {
    return new Outgoing(message, version, Map.of());
  }
}
