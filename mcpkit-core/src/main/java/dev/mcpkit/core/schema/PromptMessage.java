package dev.mcpkit.core.schema;

/** One message of a prompt. */
public record PromptMessage(
    Role role,
    Content content) {}
