package dev.mcpkit.core.protocol;

import dev.mcpkit.core.jsonrpc.ErrorCodes;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The MCP revisions mcpkit speaks, oldest first. Every difference between revisions that the
 * protocol core cares about is a method here, so the rest of the code asks the version instead of
 * comparing dates.
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
  /** The newest revision that uses the {@code initialize} handshake. */
  public static final ProtocolVersion LATEST_LEGACY = V2025_11_25;

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

  /** Whether this revision is {@code other} or newer. */
  public boolean atLeast(ProtocolVersion other) {
    return compareTo(other) >= 0;
  }

  /** Modern (stateless, per-request {@code _meta}, no {@code initialize}); 2026-07-28 and later. */
  public boolean isModern() {
    return atLeast(V2026_07_28);
  }

  /** Legacy (initialize handshake, sessions); 2025-11-25 and earlier. */
  public boolean isLegacy() {
    return !isModern();
  }

  /** JSON-RPC batches were allowed only in 2025-03-26 (added then, removed in 2025-06-18). */
  public boolean allowsBatches() {
    return this == V2025_03_26;
  }

  /** The Streamable HTTP transport exists from 2025-03-26; before it, HTTP+SSE. */
  public boolean usesStreamableHttp() {
    return atLeast(V2025_03_26);
  }

  /** The {@code MCP-Protocol-Version} header exists from 2025-06-18. */
  public boolean hasVersionHeader() {
    return atLeast(V2025_06_18);
  }

  /** Elicitation exists from 2025-06-18. */
  public boolean hasElicitation() {
    return atLeast(V2025_06_18);
  }

  /** Structured tool output ({@code outputSchema}, {@code structuredContent}) from 2025-06-18. */
  public boolean hasStructuredOutput() {
    return atLeast(V2025_06_18);
  }

  /** Results carry {@code resultType} (and cacheable results {@code ttlMs}/{@code cacheScope}). */
  public boolean hasResultType() {
    return isModern();
  }

  /** Server-to-client requests travel inside results (MRTR) instead of as requests. */
  public boolean usesInputRequiredResults() {
    return isModern();
  }

  /** The code for "resource not found": -32002 up to 2025-11-25, -32602 from 2026-07-28. */
  public int resourceNotFoundCode() {
    return isModern() ? ErrorCodes.INVALID_PARAMS : ErrorCodes.LEGACY_RESOURCE_NOT_FOUND;
  }

  @Override
  public String toString() {
    return id;
  }
}
