package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A multiple-choice field with a label per option. */
public record TitledMultiSelectEnumSchema(String type, String title, String description, Integer minItems, Integer maxItems, ObjectNode items, @JsonProperty("default") List<String> defaultValue) {}
