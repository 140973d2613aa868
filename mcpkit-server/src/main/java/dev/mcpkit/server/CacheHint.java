package dev.mcpkit.server;

/**
 * The 2026-07-28 caching hints ({@code ttlMs}, {@code cacheScope}) for a cacheable method.
 *
 * @param ttlMs how long the client may consider the result fresh ({@code >= 0})
 * @param publicScope {@code true} for {@code "public"} (same for every caller), {@code false} for
 *     {@code "private"}
 */
public record CacheHint(long ttlMs, boolean publicScope) {

  /** Checks that {@code ttlMs} is not negative. */
  public CacheHint {
    if (ttlMs < 0) {
      throw new IllegalArgumentException("ttlMs must be >= 0");
    }
  }

  /** A hint that the result is the same for every caller and fresh for {@code ttlMs}. */
  public static CacheHint publicFor(long ttlMs) {
    return new CacheHint(ttlMs, true);
  }

  /** A hint that the result is per caller and fresh for {@code ttlMs} ({@code 0}: do not reuse). */
  public static CacheHint privateFor(long ttlMs) {
    return new CacheHint(ttlMs, false);
  }

  /** The wire value of {@code cacheScope}: {@code "public"} or {@code "private"}. */
  public String scope() {
    return publicScope ? "public" : "private";
  }
}
