package dev.mcpkit.server;

import dev.mcpkit.core.schema.GetPromptResult;

/** Renders a prompt. */
@FunctionalInterface
public interface PromptHandler {

  GetPromptResult get(PromptRequest request) throws Exception;
}
