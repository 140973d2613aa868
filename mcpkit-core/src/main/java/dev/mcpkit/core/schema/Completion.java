package dev.mcpkit.core.schema;

import java.util.List;

/** Completion values (at most 100). */
public record Completion(
    List<String> values,
    Integer total,
    Boolean hasMore) {}
