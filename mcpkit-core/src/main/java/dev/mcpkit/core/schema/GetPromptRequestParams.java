package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of {@code prompts/get}. */
public record GetPromptRequestParams(
    String name,
    Map<String,String> arguments,
    ObjectNode inputResponses,
    String requestState,
    @JsonProperty("_meta") ObjectNode meta) {}
