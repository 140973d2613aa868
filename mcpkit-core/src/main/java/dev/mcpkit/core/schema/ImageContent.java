package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Image content; {@code data} is base64. */
public record ImageContent(String data, String mimeType, Annotations annotations,
    @JsonProperty("_meta") ObjectNode meta) implements Content {}
