package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** A message in a sampling request. */
public record SamplingMessage(
    Role role,
    SamplingContent content,
    @JsonProperty("_meta") ObjectNode meta) {}
