package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** The client's answer to {@code elicitation/create}. */
public record ElicitResult(
    String action,
    ObjectNode content,
    @JsonProperty("_meta") ObjectNode meta) implements InputResponse {}
