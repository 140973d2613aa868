package dev.mcpkit.gateway;

/**
 * A gateway configuration that cannot be used: the message names the file and the JSON path of the problem ({@code
 * /gateway/servers/notes/prefix: ...}), or the line and column of a syntax error.
 */
public class GatewayConfigException extends IllegalArgumentException {

  /** A configuration problem described by {@code message}. */
  public GatewayConfigException(String message) {
    super(message);
  }
}
