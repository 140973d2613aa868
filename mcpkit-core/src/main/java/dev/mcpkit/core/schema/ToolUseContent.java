package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** A model's request to use a tool, inside sampling. */
public record ToolUseContent(String id, String name, ObjectNode input, @JsonProperty("_meta") ObjectNode meta)
    implements Content {}
