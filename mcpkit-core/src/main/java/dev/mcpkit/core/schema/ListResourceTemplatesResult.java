package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Result of {@code resources/templates/list}. */
public record ListResourceTemplatesResult(
    List<ResourceTemplate> resourceTemplates,
    String nextCursor,
    String resultType,
    Long ttlMs,
    String cacheScope,
    @JsonProperty("_meta") ObjectNode meta) {

  /** One page of resource templates; {@code nextCursor} is {@code null} on the last page. */
  public static ListResourceTemplatesResult of(List<ResourceTemplate> resourceTemplates, String nextCursor) {
    return new ListResourceTemplatesResult(resourceTemplates, nextCursor, null, null, null, null);
  }
}
