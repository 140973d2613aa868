package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Text content. */
public record TextContent(String text, Annotations annotations, @JsonProperty("_meta") ObjectNode meta)
    implements Content {}
