package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of the list methods. */
public record PaginatedRequestParams(
    String cursor,
    @JsonProperty("_meta") ObjectNode meta) {}
