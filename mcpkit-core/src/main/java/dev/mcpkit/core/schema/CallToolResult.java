package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Result of {@code tools/call}. {@code isError} results are tool failures the model should see; protocol failures are JSON-RPC errors instead. */
public record CallToolResult(
    List<Content> content,
    JsonNode structuredContent,
    Boolean isError,
    String resultType,
    @JsonProperty("_meta") ObjectNode meta) {}
