package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A multiple-choice field whose options are their own labels. */
public record UntitledMultiSelectEnumSchema(String type, String title, String description, Integer minItems, Integer maxItems, ObjectNode items, @JsonProperty("default") List<String> defaultValue) {}
