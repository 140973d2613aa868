package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The result of a tool use, inside sampling. */
public record ToolResultContent(String toolUseId, List<Content> content, JsonNode structuredContent,
    Boolean isError, @JsonProperty("_meta") ObjectNode meta) implements Content {}
