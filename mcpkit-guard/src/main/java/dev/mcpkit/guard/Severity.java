package dev.mcpkit.guard;

import java.util.Locale;

/** How bad a finding is, lowest first; {@code mcpkit scan --fail-on} and (later) blocking compare against it. */
public enum Severity {
  /** Worth a look; common in honest servers (a long description). */
  LOW,
  /** Suspicious on its own (an e-mail address, an encoded blob, a tool name of another server). */
  MEDIUM,
  /** Almost never honest (hidden instructions, references to credentials, shell launch lines). */
  HIGH,
  /** An attack pattern (Unicode tag payloads, "ignore previous instructions", {@code curl | sh}). */
  CRITICAL;

  /** The lower-case name used in rule files, JSON and on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code low}, {@code medium}, {@code high} or {@code critical} (any case).
   *
   * @throws IllegalArgumentException naming the valid values
   */
  public static Severity parse(String text) {
    for (Severity s : values()) {
      if (s.id().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown severity \"" + text + "\"; expected low, medium, high or critical");
  }

  /** Whether this is at least {@code other}. */
  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }
}
