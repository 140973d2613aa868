package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonValue;

/** The sender of a message. */
public enum Role {
  USER,
  ASSISTANT;

  @JsonValue
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
