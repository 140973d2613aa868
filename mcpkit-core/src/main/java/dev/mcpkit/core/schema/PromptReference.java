package dev.mcpkit.core.schema;

/** A reference to a prompt, for completion. */
public record PromptReference(
    String name,
    String title) implements CompletionReference {}
