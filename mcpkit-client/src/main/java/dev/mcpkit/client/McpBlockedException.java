package dev.mcpkit.client;

/**
 * A call, or a result, refused by the client's {@link dev.mcpkit.client.intercept.Interceptor} (a policy such as the
 * guard's): nothing was sent, or the result was withheld. The message says why (for a changed definition, what
 * changed); {@link #code()} names the rule.
 */
public class McpBlockedException extends McpClientException {

  private final String code;

  /**
   * A refusal.
   *
   * @param code the rule that refused ({@code MCP-G060}), or a policy's own code
   * @param message why, for the caller and the user
   */
  public McpBlockedException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** The rule that refused. */
  public String code() {
    return code;
  }
}
