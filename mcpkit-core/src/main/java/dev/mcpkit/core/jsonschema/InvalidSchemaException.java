package dev.mcpkit.core.jsonschema;

/** A schema that cannot be compiled; the message says why, without internals. */
public final class InvalidSchemaException extends RuntimeException {

  /** A failure with this message (no cause, no stack trace: the message is all a caller may show). */
  public InvalidSchemaException(String message) {
    super(message, null, false, false);
  }
}
