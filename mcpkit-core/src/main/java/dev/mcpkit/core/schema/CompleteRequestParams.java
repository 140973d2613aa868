package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of {@code completion/complete}. */
public record CompleteRequestParams(
    CompletionReference ref,
    CompletionArgument argument,
    CompletionContext context,
    @JsonProperty("_meta") ObjectNode meta) {}
