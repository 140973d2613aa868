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
    @JsonProperty("_meta") ObjectNode meta) {}
