package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Result of {@code prompts/list}. */
public record ListPromptsResult(
    List<Prompt> prompts,
    String nextCursor,
    String resultType,
    Long ttlMs,
    String cacheScope,
    @JsonProperty("_meta") ObjectNode meta) {

  /** One page of prompts; {@code nextCursor} is {@code null} on the last page. */
  public static ListPromptsResult of(List<Prompt> prompts, String nextCursor) {
    return new ListPromptsResult(prompts, nextCursor, null, null, null, null);
  }
}
