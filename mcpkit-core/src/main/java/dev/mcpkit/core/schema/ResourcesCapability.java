package dev.mcpkit.core.schema;

/** The resources capability. */
public record ResourcesCapability(
    Boolean subscribe,
    Boolean listChanged) {}
