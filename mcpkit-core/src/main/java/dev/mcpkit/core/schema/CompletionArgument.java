package dev.mcpkit.core.schema;

/** The argument being completed. */
public record CompletionArgument(
    String name,
    String value) {}
