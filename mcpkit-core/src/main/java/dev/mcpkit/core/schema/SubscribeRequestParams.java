package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of {@code resources/subscribe} and {@code resources/unsubscribe} (legacy revisions). */
public record SubscribeRequestParams(
    String uri,
    @JsonProperty("_meta") ObjectNode meta) {}
