package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** A resource's contents embedded in a message or result. */
public record EmbeddedResource(ResourceContents resource, Annotations annotations,
    @JsonProperty("_meta") ObjectNode meta) implements Content {}
