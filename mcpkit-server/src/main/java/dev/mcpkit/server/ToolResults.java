package dev.mcpkit.server;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.Content;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Factories for {@link CallToolResult}s. */
public final class ToolResults {

  private ToolResults() {}

  /** A result with one text block. */
  public static CallToolResult text(String text) {
    return CallToolResult.of(List.of(Content.text(text)));
  }

  /** A result with the given content blocks. */
  public static CallToolResult of(Content... content) {
    return CallToolResult.of(List.of(content));
  }

  /** A tool execution error the model should see ({@code isError: true}). */
  public static CallToolResult error(String message) {
    return CallToolResult.error(List.of(Content.text(message)));
  }

  /**
   * A structured result: {@code structuredContent} is the value as JSON, and a text block carries
   * the same JSON for clients that do not read structured content (as the specification advises).
   */
  public static CallToolResult structured(Object value) {
    JsonNode json = Json.tree(value);
    return CallToolResult.structured(List.of(Content.text(Json.write(json))), json);
  }
}
