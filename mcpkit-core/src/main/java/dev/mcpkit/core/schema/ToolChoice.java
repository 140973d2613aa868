package dev.mcpkit.core.schema;

/** How the model may use tools in sampling. */
public record ToolChoice(
    String mode) {}
