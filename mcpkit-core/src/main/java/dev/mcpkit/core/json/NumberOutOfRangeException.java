package dev.mcpkit.core.json;

import tools.jackson.core.exc.StreamConstraintsException;

/**
 * A JSON document holds a number whose decimal exponent is beyond {@link Json#maxNumberExponent()}.
 * Such a number is short to write ({@code 1e1000000}) but huge to print or compute with, so mcpkit
 * refuses it where it parses JSON. It is a {@link tools.jackson.core.JacksonException}, so code that
 * treats any parse failure as malformed input needs nothing more.
 */
public final class NumberOutOfRangeException extends StreamConstraintsException {

  /** The JSON Pointer of the number in the document ({@code ""} for the top level). */
  private final String pointer;

  NumberOutOfRangeException(String pointer, int bound) {
    super("number out of range at " + (pointer.isEmpty() ? "the top level" : pointer)
        + ": its decimal exponent exceeds " + bound + " in magnitude");
    this.pointer = pointer;
  }

  /** Where the number is, as a JSON Pointer ({@code "/params/arguments/a"}; {@code ""} for the root). */
  public String pointer() {
    return pointer;
  }
}
