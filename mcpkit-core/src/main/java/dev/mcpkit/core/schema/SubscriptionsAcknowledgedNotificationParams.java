package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of {@code notifications/subscriptions/acknowledged}: the filter the server honours. */
public record SubscriptionsAcknowledgedNotificationParams(
    SubscriptionFilter notifications,
    @JsonProperty("_meta") ObjectNode meta) {}
