package dev.mcpkit.server;

import java.util.Map;

/** One {@code prompts/get}: the prompt's name and the arguments (required ones are checked). */
public interface PromptRequest extends RequestContext {

  /** The prompt's name. */
  String name();

  /** The arguments as sent; an empty map when the client sent none. */
  Map<String, String> arguments();

  /**
   * The arguments bound to a type (a record, usually), as a typed prompt's handler receives them.
   *
   * @throws dev.mcpkit.core.jsonrpc.McpException -32602 when they do not fit the type
   */
  <T> T arguments(Class<T> type);
}
