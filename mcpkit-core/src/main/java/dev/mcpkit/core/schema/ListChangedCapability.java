package dev.mcpkit.core.schema;

/** A capability that may emit {@code list_changed} notifications. */
public record ListChangedCapability(
    Boolean listChanged) {}
