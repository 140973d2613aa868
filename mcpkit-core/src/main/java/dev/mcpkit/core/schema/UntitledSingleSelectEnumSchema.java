package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A single-choice field whose options are their own labels. */
public record UntitledSingleSelectEnumSchema(String type, String title, String description, @JsonProperty("enum") List<String> values, @JsonProperty("default") String defaultValue) {}
