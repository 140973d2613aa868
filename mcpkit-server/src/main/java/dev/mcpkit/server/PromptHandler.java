package dev.mcpkit.server;

import dev.mcpkit.core.schema.GetPromptResult;

/** Renders a prompt. */
@FunctionalInterface
public interface PromptHandler {

  /**
   * Renders the prompt for one {@code prompts/get}; throw {@link dev.mcpkit.core.jsonrpc.McpException} to answer with a
   * specific JSON-RPC error.
   */
  GetPromptResult get(PromptRequest request) throws Exception;
}
