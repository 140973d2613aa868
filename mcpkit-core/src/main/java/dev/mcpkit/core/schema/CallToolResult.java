package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Result of {@code tools/call}. {@code isError} results are tool failures the model should see; protocol failures are JSON-RPC errors instead. */
public record CallToolResult(
    List<Content> content,
    JsonNode structuredContent,
    Boolean isError,
    String resultType,
    @JsonProperty("_meta") ObjectNode meta) {

  /** A result with these content blocks. */
  public static CallToolResult of(List<Content> content) {
    return new CallToolResult(content, null, null, null, null);
  }

  /** A tool execution error the model should see ({@code isError: true}) with these content blocks. */
  public static CallToolResult error(List<Content> content) {
    return new CallToolResult(content, null, true, null, null);
  }

  /** A structured result: {@code structuredContent} and the content blocks that carry it for older clients. */
  public static CallToolResult structured(List<Content> content, JsonNode structuredContent) {
    return new CallToolResult(content, structuredContent, null, null, null);
  }
}
