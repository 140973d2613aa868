package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mcpkit.core.jsonrpc.RequestId;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of {@code notifications/cancelled}. */
public record CancelledNotificationParams(
    RequestId requestId,
    String reason,
    @JsonProperty("_meta") ObjectNode meta) {}
