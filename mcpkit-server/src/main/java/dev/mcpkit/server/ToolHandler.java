package dev.mcpkit.server;

import dev.mcpkit.core.schema.CallToolResult;

/**
 * Handles {@code tools/call} for one tool. Runs on its own virtual thread, so blocking is fine, unless the tool is
 * declared {@link ServerTool.Builder#nonBlocking() non-blocking}: then it may run on the server's I/O thread and must
 * never wait.
 */
@FunctionalInterface
public interface ToolHandler {

  /** Runs the tool and returns its result; see {@link ToolException} for failures the model should see. */
  CallToolResult call(ToolCall call) throws Exception;
}
