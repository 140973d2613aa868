package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of {@code notifications/progress}. {@code progressToken} keeps the JSON type the client sent. */
public record ProgressNotificationParams(
    JsonNode progressToken,
    Number progress,
    Number total,
    String message,
    @JsonProperty("_meta") ObjectNode meta) {}
