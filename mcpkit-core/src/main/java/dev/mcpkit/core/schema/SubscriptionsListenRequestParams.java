package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of {@code subscriptions/listen} (2026-07-28). */
public record SubscriptionsListenRequestParams(
    SubscriptionFilter notifications,
    @JsonProperty("_meta") ObjectNode meta) {}
