package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Result of {@code resources/read}. */
public record ReadResourceResult(
    List<ResourceContents> contents,
    String resultType,
    Long ttlMs,
    String cacheScope,
    @JsonProperty("_meta") ObjectNode meta) {

  /** A result with these contents. */
  public static ReadResourceResult of(List<ResourceContents> contents) {
    return new ReadResourceResult(contents, null, null, null, null);
  }
}
