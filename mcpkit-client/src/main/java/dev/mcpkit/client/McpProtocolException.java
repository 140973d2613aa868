package dev.mcpkit.client;

/**
 * The server broke the protocol: an answer that is not JSON-RPC, an HTML page instead of MCP, an
 * oversize message, a stream that ended before its answer, a result of an unknown type.
 */
public class McpProtocolException extends McpClientException {

  /** A protocol violation with this message. */
  public McpProtocolException(String message) {
    super(message);
  }

  /** A protocol violation with this message and cause. */
  public McpProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
