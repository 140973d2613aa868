package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of {@code resources/read}. */
public record ReadResourceRequestParams(
    String uri,
    ObjectNode inputResponses,
    String requestState,
    @JsonProperty("_meta") ObjectNode meta) {}
