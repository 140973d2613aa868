package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Result of {@code resources/list}. */
public record ListResourcesResult(
    List<Resource> resources,
    String nextCursor,
    String resultType,
    Long ttlMs,
    String cacheScope,
    @JsonProperty("_meta") ObjectNode meta) {

  /** One page of resources; {@code nextCursor} is {@code null} on the last page. */
  public static ListResourcesResult of(List<Resource> resources, String nextCursor) {
    return new ListResourcesResult(resources, nextCursor, null, null, null, null);
  }
}
