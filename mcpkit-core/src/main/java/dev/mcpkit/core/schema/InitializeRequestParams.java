package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of {@code initialize} (legacy revisions). */
public record InitializeRequestParams(
    String protocolVersion,
    ClientCapabilities capabilities,
    Implementation clientInfo,
    @JsonProperty("_meta") ObjectNode meta) {}
