package dev.mcpkit.core.jsonschema;

/** A schema that cannot be compiled; the message says why, without internals. */
public final class InvalidSchemaException extends RuntimeException {

  public InvalidSchemaException(String message) {
    super(message, null, false, false);
  }
}
