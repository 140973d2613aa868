package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A boolean field of an elicitation form. */
public record BooleanSchema(String type, String title, String description, @JsonProperty("default") Boolean defaultValue) {}
