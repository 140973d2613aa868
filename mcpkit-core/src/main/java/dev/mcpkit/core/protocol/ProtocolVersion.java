package dev.mcpkit.core.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The MCP revisions mcpkit speaks, oldest first: their ids, parsing and order. What differs between
 * revisions is not here but in {@link dev.mcpkit.core.era.Era}: ask {@code Era.of(version)}.
 */
public enum ProtocolVersion {
  /** The first revision mcpkit speaks; legacy HTTP+SSE transport. */
  V2024_11_05("2024-11-05"),
  /** Streamable HTTP; JSON-RPC batches. */
  V2025_03_26("2025-03-26"),
  /** Structured tool output and elicitation; no batches. */
  V2025_06_18("2025-06-18"),
  /** URL elicitation, tasks; the last revision with {@code initialize} and sessions. */
  V2025_11_25("2025-11-25"),
  /** Stateless: no handshake, per-request {@code _meta}, mirrored headers. */
  V2026_07_28("2026-07-28");

  /** The newest revision; what mcpkit prefers. */
  public static final ProtocolVersion LATEST = V2026_07_28;

  private static final List<ProtocolVersion> ALL = List.of(values());
  private final String id;

  ProtocolVersion(String id) {
    this.id = id;
  }

  /** The revision string, e.g. {@code "2025-11-25"}. */
  public String id() {
    return id;
  }

  /** The revision with this id, or empty for {@code null} or an unknown id. */
  public static Optional<ProtocolVersion> parse(String id) {
    if (id == null) {
      return Optional.empty();
    }
    for (ProtocolVersion v : ALL) {
      if (v.id.equals(id)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** All revisions, newest first (the order of {@code supportedVersions}). */
  public static List<ProtocolVersion> newestFirst() {
    ProtocolVersion[] v = values();
    return Arrays.asList(v).reversed();
  }

  @Override
  public String toString() {
    return id;
  }
}
