package dev.mcpkit.core.schema;

/** A model name hint for sampling. */
public record ModelHint(
    String name) {}
