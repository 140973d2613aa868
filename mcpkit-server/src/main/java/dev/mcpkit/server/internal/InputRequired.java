package dev.mcpkit.server.internal;

import dev.mcpkit.core.schema.InputRequiredResult;

/**
 * Ends a 2026-07-28 handler attempt that asked the client for input it does not have yet. It is an
 * {@link Error} on purpose: handlers commonly catch {@code Exception} to turn failures into error
 * results, and must not swallow this signal.
 */
public final class InputRequired extends Error {

  private final transient InputRequiredResult result;

  InputRequired(InputRequiredResult result) {
    super(null, null, false, false);
    this.result = result;
  }

  public InputRequiredResult result() {
    return result;
  }
}
