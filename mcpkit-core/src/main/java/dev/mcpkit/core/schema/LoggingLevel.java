package dev.mcpkit.core.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Syslog severities (RFC 5424), least severe first. */
public enum LoggingLevel {
  /** Debugging detail. */
  DEBUG,
  /** Informational messages. */
  INFO,
  /** Normal but significant events. */
  NOTICE,
  /** Warning conditions. */
  WARNING,
  /** Error conditions. */
  ERROR,
  /** Critical conditions. */
  CRITICAL,
  /** Action must be taken immediately. */
  ALERT,
  /** The system is unusable. */
  EMERGENCY;

  /** The wire name: the constant's name in lower case. */
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
