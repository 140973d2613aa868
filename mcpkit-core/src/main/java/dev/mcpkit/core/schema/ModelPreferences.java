package dev.mcpkit.core.schema;

import java.util.List;

/** The server's model preferences for sampling. */
public record ModelPreferences(
    List<ModelHint> hints,
    Number costPriority,
    Number speedPriority,
    Number intelligencePriority) {}
