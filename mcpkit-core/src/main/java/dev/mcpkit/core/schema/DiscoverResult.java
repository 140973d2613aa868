package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Result of {@code server/discover} (2026-07-28). */
public record DiscoverResult(
    List<String> supportedVersions,
    ServerCapabilities capabilities,
    String instructions,
    String resultType,
    Long ttlMs,
    String cacheScope,
    @JsonProperty("_meta") ObjectNode meta) {}
