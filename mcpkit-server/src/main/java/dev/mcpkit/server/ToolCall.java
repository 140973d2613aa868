package dev.mcpkit.server;

import tools.jackson.databind.node.ObjectNode;

/** One call of a tool: its arguments (already validated against the input schema) and context. */
public interface ToolCall extends RequestContext {

  /** The tool's name. */
  String name();

  /** The arguments; an empty object when the client sent none. */
  ObjectNode arguments();

  /** The arguments converted to a type (a record, usually). */
  <T> T arguments(Class<T> type);
}
