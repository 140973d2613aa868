package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Text resource contents. */
public record TextResourceContents(String uri, String mimeType, String text,
    @JsonProperty("_meta") ObjectNode meta) implements ResourceContents {}
