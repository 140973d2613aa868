package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A prompt template the server offers. */
public record Prompt(
    String name,
    String title,
    String description,
    List<PromptArgument> arguments,
    List<Icon> icons,
    @JsonProperty("_meta") ObjectNode meta) {}
