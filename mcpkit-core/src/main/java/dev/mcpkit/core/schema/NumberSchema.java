package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A number or integer field of an elicitation form. */
public record NumberSchema(String type, String title, String description, Number minimum, Number maximum, @JsonProperty("default") Number defaultValue) {}
