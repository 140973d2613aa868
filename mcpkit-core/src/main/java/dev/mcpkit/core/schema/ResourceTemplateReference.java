package dev.mcpkit.core.schema;

/** A reference to a resource template, for completion. */
public record ResourceTemplateReference(
    String uri) implements CompletionReference {}
