package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A string field of an elicitation form. */
public record StringSchema(String type, String title, String description, Integer minLength, Integer maxLength, String format, @JsonProperty("default") String defaultValue) {}
