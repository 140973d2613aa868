package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonValue;

/** The sender of a message. */
public enum Role {
  /** The human side of the conversation. */
  USER,
  /** The model. */
  ASSISTANT;

  /** The wire name: the constant's name in lower case. */
  @JsonValue
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
