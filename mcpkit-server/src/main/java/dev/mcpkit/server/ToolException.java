package dev.mcpkit.server;

/**
 * Thrown by a tool to fail with a message the model should see: it becomes a result with {@code
 * isError: true} and this message as text. Any other exception from a tool becomes a generic
 * error result (its detail goes to the server log, never to the client).
 */
public class ToolException extends RuntimeException {

  /** A tool failure that the model sees as {@code message}. */
  public ToolException(String message) {
    super(message, null, false, false);
  }
}
