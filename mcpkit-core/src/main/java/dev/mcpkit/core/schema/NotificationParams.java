package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of notifications that carry only {@code _meta}. */
public record NotificationParams(
    @JsonProperty("_meta") ObjectNode meta) {}
