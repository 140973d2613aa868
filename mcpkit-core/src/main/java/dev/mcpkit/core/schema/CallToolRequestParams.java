package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of {@code tools/call}. */
public record CallToolRequestParams(
    String name,
    ObjectNode arguments,
    ObjectNode inputResponses,
    String requestState,
    ObjectNode task,
    @JsonProperty("_meta") ObjectNode meta) {}
