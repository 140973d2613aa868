package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of {@code notifications/resources/updated}. */
public record ResourceUpdatedNotificationParams(
    String uri,
    @JsonProperty("_meta") ObjectNode meta) {}
