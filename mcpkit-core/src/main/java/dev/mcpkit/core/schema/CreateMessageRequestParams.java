package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Parameters of {@code sampling/createMessage}. */
public record CreateMessageRequestParams(
    List<SamplingMessage> messages,
    ModelPreferences modelPreferences,
    String systemPrompt,
    String includeContext,
    Number temperature,
    Integer maxTokens,
    List<String> stopSequences,
    ObjectNode metadata,
    List<Tool> tools,
    ToolChoice toolChoice,
    ObjectNode task,
    @JsonProperty("_meta") ObjectNode meta) {

  /** A sampling request with these messages and a token budget; every other field left to the client. */
  public static CreateMessageRequestParams of(List<SamplingMessage> messages, int maxTokens) {
    return new CreateMessageRequestParams(messages, null, null, null, null, maxTokens, null, null, null, null, null,
        null);
  }
}
