package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Syslog severities (RFC 5424), least severe first. */
public enum LoggingLevel {
  DEBUG,
  INFO,
  NOTICE,
  WARNING,
  ERROR,
  CRITICAL,
  ALERT,
  EMERGENCY;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads a level; unknown names are rejected (the caller maps that to invalid params). */
  @JsonCreator
  public static LoggingLevel of(String id) {
    try {
      return valueOf(id.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("unknown logging level: " + id);
    }
  }

  /** True when a message at this level passes a threshold. */
  public boolean isAtLeast(LoggingLevel threshold) {
    return compareTo(threshold) >= 0;
  }
}
