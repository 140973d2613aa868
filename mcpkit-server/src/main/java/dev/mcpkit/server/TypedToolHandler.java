package dev.mcpkit.server;

import dev.mcpkit.core.schema.CallToolResult;

/**
 * Handles a tool whose arguments bind to a type (a record, usually).
 *
 * @param <A> the argument type; its JSON Schema is the tool's input schema
 */
@FunctionalInterface
public interface TypedToolHandler<A> {

  /** Runs the tool with its arguments already bound to {@code A} (and checked against the schema). */
  CallToolResult call(A arguments, RequestContext context) throws Exception;
}
