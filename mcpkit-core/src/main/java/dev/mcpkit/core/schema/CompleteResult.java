package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Result of {@code completion/complete}. */
public record CompleteResult(
    Completion completion,
    String resultType,
    @JsonProperty("_meta") ObjectNode meta) {}
