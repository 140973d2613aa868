package dev.mcpkit.server;

/**
 * The 2026-07-28 caching hints ({@code ttlMs}, {@code cacheScope}) for a cacheable method.
 *
 * @param ttlMs how long the client may consider the result fresh ({@code >= 0})
 * @param publicScope {@code true} for {@code "public"} (same for every caller), {@code false} for
 *     {@code "private"}
 */
public record CacheHint(long ttlMs, boolean publicScope) {

  public CacheHint {
    if (ttlMs < 0) {
      throw new IllegalArgumentException("ttlMs must be >= 0");
    }
  }

  public static CacheHint publicFor(long ttlMs) {
    return new CacheHint(ttlMs, true);
  }

  public static CacheHint privateFor(long ttlMs) {
    return new CacheHint(ttlMs, false);
  }

  public String scope() {
    return publicScope ? "public" : "private";
  }
}
