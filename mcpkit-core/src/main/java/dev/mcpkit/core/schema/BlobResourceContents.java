package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Binary resource contents; {@code blob} is base64. */
public record BlobResourceContents(String uri, String mimeType, String blob,
    @JsonProperty("_meta") ObjectNode meta) implements ResourceContents {}
