package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of {@code notifications/message}. */
public record LoggingMessageNotificationParams(
    LoggingLevel level,
    String logger,
    JsonNode data,
    @JsonProperty("_meta") ObjectNode meta) {}
