package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Result of {@code tools/list}. */
public record ListToolsResult(
    List<Tool> tools,
    String nextCursor,
    String resultType,
    Long ttlMs,
    String cacheScope,
    @JsonProperty("_meta") ObjectNode meta) {

  /** One page of tools; {@code nextCursor} is {@code null} on the last page. */
  public static ListToolsResult of(List<Tool> tools, String nextCursor) {
    return new ListToolsResult(tools, nextCursor, null, null, null, null);
  }
}
