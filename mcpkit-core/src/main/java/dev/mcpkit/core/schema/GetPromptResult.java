package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Result of {@code prompts/get}. */
public record GetPromptResult(
    String description,
    List<PromptMessage> messages,
    String resultType,
    @JsonProperty("_meta") ObjectNode meta) {

  /** A prompt result with a description (may be {@code null}) and messages. */
  public static GetPromptResult of(String description, PromptMessage... messages) {
    return new GetPromptResult(description, List.of(messages), null, null);
  }
}
