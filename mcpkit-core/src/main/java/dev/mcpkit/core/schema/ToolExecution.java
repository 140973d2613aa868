package dev.mcpkit.core.schema;

/** Task support of a tool (2025-11-25). */
public record ToolExecution(
    String taskSupport) {}
