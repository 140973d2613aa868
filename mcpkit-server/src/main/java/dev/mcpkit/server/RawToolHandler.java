package dev.mcpkit.server;

import tools.jackson.databind.node.ObjectNode;

/**
 * Handles {@code tools/call} for one tool with a result given as JSON, which the server encodes as it is: for a
 * handler that passes on a result it received as JSON (a gateway relaying its upstream's) and has no use for a
 * {@link dev.mcpkit.core.schema.CallToolResult} in between. Runs on its own virtual thread, as {@link ToolHandler}.
 *
 * <p>What the server still does with the result: it must have a result's shape ({@link
 * dev.mcpkit.core.schema.CallToolResult#shapeProblem}: an object whose {@code content} is an array, {@code isError} a
 * boolean and {@code _meta} an object when present), else the call fails with {@code -32603} naming the tool; a
 * tool with an output schema must have {@code structuredContent} that matches it (unless {@code isError} is true),
 * as for any handler; the revision's members are set or removed as for every result ({@code resultType}, the
 * server's identity in {@code _meta} in 2026-07-28; neither, nor cache hints, in 2025). Every other member, the
 * content blocks included, goes out unchanged. The server takes the tree over: it may change it while encoding.
 */
@FunctionalInterface
public interface RawToolHandler {

  /** Runs the tool; see {@link ToolException} for failures the model should see. */
  ObjectNode call(ToolCall call) throws Exception;
}
