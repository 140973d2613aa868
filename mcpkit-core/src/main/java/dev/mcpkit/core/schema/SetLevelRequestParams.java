package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of {@code logging/setLevel} (legacy revisions). */
public record SetLevelRequestParams(
    LoggingLevel level,
    @JsonProperty("_meta") ObjectNode meta) {}
