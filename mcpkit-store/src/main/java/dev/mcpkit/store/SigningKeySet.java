package dev.mcpkit.store;

import java.util.List;

/**
 * Every stored signing key and the version of the set, read together: {@link Store#replaceSigningKeys} changes the
 * set only if its version is still the one read, so two instances that decide to create or rotate a key at the
 * same moment cannot both succeed.
 *
 * @param version changes on every write to the set
 * @param keys the keys, newest first
 */
public record SigningKeySet(long version, List<StoredSigningKey> keys) {

  /** Copies the keys. */
  public SigningKeySet {
    keys = List.copyOf(keys);
  }
}
