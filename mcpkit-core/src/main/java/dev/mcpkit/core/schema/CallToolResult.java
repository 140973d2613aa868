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

  /**
   * What is wrong with {@code result} as the JSON of a {@code tools/call} result, or {@code null} when it has the
   * shape a result passed on as JSON must have (mcpkit-client's {@code callToolRaw}, mcpkit-server's {@code
   * ToolResults.raw}): an object whose {@code content} is an array, {@code isError} a boolean and {@code _meta} an
   * object when present. The content blocks and any other member are not looked into: they are passed on as they are
   * (the receiving client reads them as it reads any result).
   */
  public static String shapeProblem(JsonNode result) {
    if (result == null || !result.isObject()) {
      return "it is not a JSON object";
    }
    if (!(result.get("content") instanceof tools.jackson.databind.node.ArrayNode)) {
      return result.has("content") ? "content is not an array" : "it has no content array";
    }
    JsonNode isError = result.get("isError");
    if (isError != null && !isError.isBoolean() && !isError.isNull()) {
      return "isError is not a boolean";
    }
    JsonNode meta = result.get("_meta");
    if (meta != null && !meta.isObject() && !meta.isNull()) {
      return "_meta is not an object";
    }
    return null;
  }
}
