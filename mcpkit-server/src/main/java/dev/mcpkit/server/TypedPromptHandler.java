package dev.mcpkit.server;

import dev.mcpkit.core.schema.GetPromptResult;

/**
 * Renders a prompt whose arguments bind to a type (a record, usually), as {@link TypedToolHandler} does for tools.
 *
 * @param <A> the argument type; its components are the prompt's arguments (the optional ones are {@code Optional})
 */
@FunctionalInterface
public interface TypedPromptHandler<A> {

  /**
   * Renders the prompt.
   *
   * @param arguments the arguments the client sent, bound to the type
   * @param context what the handler can do (logging, the caller, …)
   */
  GetPromptResult get(A arguments, RequestContext context) throws Exception;
}
