package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One labelled option of a choice field. */
public record EnumOption(@JsonProperty("const") String value, String title) {}
