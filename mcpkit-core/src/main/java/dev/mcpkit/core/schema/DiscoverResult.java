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
    @JsonProperty("_meta") ObjectNode meta) {

  /** What {@code server/discover} answers; the envelope fields ({@code resultType}, cache hints) are added later. */
  public static DiscoverResult of(List<String> supportedVersions, ServerCapabilities capabilities, String instructions) {
    return new DiscoverResult(supportedVersions, capabilities, instructions, null, null, null, null);
  }
}
