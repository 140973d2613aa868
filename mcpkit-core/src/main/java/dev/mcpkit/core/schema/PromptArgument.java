package dev.mcpkit.core.schema;

/** An argument a prompt accepts. */
public record PromptArgument(
    String name,
    String title,
    String description,
    Boolean required) {}
