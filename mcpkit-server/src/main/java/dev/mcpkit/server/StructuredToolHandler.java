package dev.mcpkit.server;

/**
 * Handles a tool whose arguments bind to one type and whose result is another (records, usually). The result becomes
 * the call's {@code structuredContent}, checked against the tool's {@code outputSchema} (generated from {@code R}),
 * with the same JSON in a text block for clients that do not read structured content (as the specification advises).
 *
 * @param <A> the argument type; its JSON Schema is the tool's input schema
 * @param <R> the result type; its JSON Schema is the tool's output schema
 */
@FunctionalInterface
public interface StructuredToolHandler<A, R> {

  /**
   * Runs the tool.
   *
   * @param arguments the validated arguments, bound to the type
   * @param context what the handler can do (progress, logging, asking the client, …)
   * @return the result, never {@code null}; throw {@link ToolException} for an error the model should see
   */
  R call(A arguments, RequestContext context) throws Exception;
}
