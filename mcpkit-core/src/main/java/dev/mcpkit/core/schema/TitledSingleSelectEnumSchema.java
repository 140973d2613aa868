package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A single-choice field with a label per option. */
public record TitledSingleSelectEnumSchema(String type, String title, String description, List<EnumOption> oneOf, @JsonProperty("default") String defaultValue) {}
