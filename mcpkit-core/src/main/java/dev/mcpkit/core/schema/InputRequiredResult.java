package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** A 2026-07-28 interim result: the client must fulfil {@code inputRequests} and retry the original request with {@code inputResponses} and the echoed {@code requestState}. */
public record InputRequiredResult(
    Map<String,InputRequest> inputRequests,
    String requestState,
    String resultType,
    @JsonProperty("_meta") ObjectNode meta) {}
