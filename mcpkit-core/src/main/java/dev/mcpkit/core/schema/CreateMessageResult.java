package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** The client's answer to {@code sampling/createMessage}. */
public record CreateMessageResult(
    Role role,
    SamplingContent content,
    String model,
    String stopReason,
    @JsonProperty("_meta") ObjectNode meta) implements InputResponse {}
