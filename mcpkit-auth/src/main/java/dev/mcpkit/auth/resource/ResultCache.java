package dev.mcpkit.auth.resource;

import dev.mcpkit.store.Hashes;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The validators' memory of recent answers, keyed by the SHA-256 of the token, never by the token itself. An entry
 * also holds what the token was checked against (audience and issuers) and answers only the same question: a token
 * valid for one guard is not for another. An entry ends at its {@code until}, which callers keep
 * at or before the token's {@code exp}. Bounded: past the limit, expired entries go first, then everything (a miss
 * only costs one check).
 */
final class ResultCache {

  private record Entry(TokenValidator.Result result, String audience, Set<String> issuers, Instant until) {}

  private final int maxEntries;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  ResultCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** The key of {@code token}. */
  static String key(String token) {
    return Hashes.sha256(token);
  }

  /** The answer remembered for the same token and expectations, or {@code null} when there is none or it ended. */
  TokenValidator.Result get(String key, TokenValidator.Expectations expected, Instant now) {
    Entry hit = entries.get(key);
    return hit != null && hit.until().isAfter(now) && hit.audience().equals(expected.audience())
        && hit.issuers().equals(expected.issuers()) ? hit.result() : null;
  }

  /** Forgets the answer for {@code key} (a token found revoked); {@code null} is ignored. */
  void remove(String key) {
    if (key != null) {
      entries.remove(key);
    }
  }

  void put(String key, TokenValidator.Expectations expected, TokenValidator.Result result, Instant until,
      Instant now) {
    if (!until.isAfter(now)) {
      return; // caching off, or the token expires now: nothing worth keeping
    }
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(e -> !e.until().isAfter(now));
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
    }
    entries.put(key, new Entry(result, expected.audience(), expected.issuers(), until));
  }
}
