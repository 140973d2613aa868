package dev.mcpkit.core.schema;

import java.util.List;

/** Hints for the client about how to use or show an object. */
public record Annotations(
    List<Role> audience,
    Number priority,
    String lastModified) {}
