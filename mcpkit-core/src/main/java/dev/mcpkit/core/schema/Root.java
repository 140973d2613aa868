package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** A root the client exposes (a file: URI). */
public record Root(
    String uri,
    String name,
    @JsonProperty("_meta") ObjectNode meta) {}
