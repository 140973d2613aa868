package dev.mcpkit.server;

import dev.mcpkit.core.schema.CallToolResult;

/** Handles {@code tools/call} for one tool. Runs on its own virtual thread: blocking is fine. */
@FunctionalInterface
public interface ToolHandler {

  /** Runs the tool and returns its result; see {@link ToolException} for failures the model should see. */
  CallToolResult call(ToolCall call) throws Exception;
}
