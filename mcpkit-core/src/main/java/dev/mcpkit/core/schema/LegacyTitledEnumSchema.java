package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A single-choice field labelled with the deprecated {@code enumNames}. */
public record LegacyTitledEnumSchema(String type, String title, String description, @JsonProperty("enum") List<String> values, List<String> enumNames, @JsonProperty("default") String defaultValue) {}
