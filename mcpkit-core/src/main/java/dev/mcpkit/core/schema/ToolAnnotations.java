package dev.mcpkit.core.schema;

/** Hints about a tool's behaviour. Hints only: never trust them from an untrusted server. */
public record ToolAnnotations(
    String title,
    Boolean readOnlyHint,
    Boolean destructiveHint,
    Boolean idempotentHint,
    Boolean openWorldHint) {}
