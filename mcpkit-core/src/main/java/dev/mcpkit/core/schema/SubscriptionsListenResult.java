package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Result that ends a {@code subscriptions/listen} stream. */
public record SubscriptionsListenResult(
    String resultType,
    @JsonProperty("_meta") ObjectNode meta) {}
