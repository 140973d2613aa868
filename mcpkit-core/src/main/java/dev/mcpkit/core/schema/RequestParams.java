package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Parameters that carry only {@code _meta} (e.g. {@code server/discover}, {@code ping}). */
public record RequestParams(
    @JsonProperty("_meta") ObjectNode meta) {}
