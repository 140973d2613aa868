package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Result of {@code prompts/get}. */
public record GetPromptResult(
    String description,
    List<PromptMessage> messages,
    String resultType,
    @JsonProperty("_meta") ObjectNode meta) {}
