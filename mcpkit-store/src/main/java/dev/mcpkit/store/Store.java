package dev.mcpkit.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the authorization server keeps its state: registered clients, authorization codes, tokens, grant
 * families, consents, signing keys, counters and short-lived browser state.
 *
 * <p>Secrets never reach a store in clear: codes and refresh tokens are keyed by their SHA-256 hash (see
 * {@link Hashes}), client secrets are stored as hashes. The store knows nothing about OAuth: it keeps what the
 * authorization server hands it, for as long as it is told, and makes the few state changes that must be
 * atomic across instances (redeeming a code, rotating a refresh token, claiming a one-time marker) atomic.
 *
 * <p>Implementations: {@link dev.mcpkit.store.memory.MemoryStore} (the default; loses everything on restart) and
 * {@link dev.mcpkit.store.redis.RedisStore} (shared by many instances; survives restarts). Every method is
 * thread-safe. Expired entries are never returned.
 */
public interface Store extends AutoCloseable {

  /** Saves (or replaces) a client registered at run time. Clients do not expire. */
  void saveClient(StoredClient client);

  /** The client with this id, if registered at run time. */
  Optional<StoredClient> findClient(String clientId);

  /** Saves an authorization code until its {@link StoredCode#expiresAt()}. */
  void saveCode(StoredCode code);

  /**
   * Redeems a code exactly once, atomically. The first call returns {@link CodeRedemption.Redeemed}; any later
   * call, for {@code remember} after the first, returns {@link CodeRedemption.Replayed} with the grant family
   * the code started, so that the caller can revoke what the first redemption issued.
   */
  CodeRedemption redeemCode(String codeHash, Duration remember);

  /** Saves an access-token record (keyed by its {@code jti}) or a refresh token (keyed by its hash). */
  void saveToken(StoredToken token);

  /** The token saved under this key ({@code jti} or hash), unless expired or deleted. */
  Optional<StoredToken> findToken(String key);

  /**
   * Marks a refresh token as used, atomically. Returns {@code true} for the first caller only; a second use of
   * the same refresh token is a replay.
   */
  boolean markTokenUsed(String key);

  /** Whether {@link #markTokenUsed} was called for this token (a rotated refresh token is no longer active). */
  boolean isTokenUsed(String key);

  /** Forgets one token: {@link #findToken} no longer returns it. */
  void deleteToken(String key);

  /** Revokes a whole grant family (every token issued from one authorization) until {@code until}. */
  void revokeFamily(String familyId, Instant until);

  /** Whether the family was revoked (and the revocation has not yet lapsed). */
  boolean isFamilyRevoked(String familyId);

  /** Saves a user's consent for one client and resource, until {@link StoredConsent#expiresAt()}. */
  void saveConsent(StoredConsent consent);

  /** The user's consent for this client and resource, unless expired or withdrawn. */
  Optional<StoredConsent> findConsent(String subject, String clientId, String resource);

  /** Forgets a remembered consent (the user withdrew it): {@link #findConsent} no longer returns it. */
  void deleteConsent(String subject, String clientId, String resource);

  /** Saves (or replaces, e.g. on retirement) a signing key. Keys live until deleted. */
  void saveSigningKey(StoredSigningKey key);

  /** Every stored signing key, newest first. */
  List<StoredSigningKey> signingKeys();

  /** Deletes the signing key with this id, if stored; like every write to the keys, it changes the set's version. */
  void deleteSigningKey(String keyId);

  /** Every stored signing key with the version of the set, read atomically. */
  SigningKeySet signingKeySet();

  /**
   * Replaces the whole set of signing keys with {@code keys}, atomically, if its version is still
   * {@code expectedVersion}; returns {@code false} (and changes nothing) when another writer changed it first.
   * Key creation and rotation go through this, so instances sharing a store never make two active keys.
   */
  boolean replaceSigningKeys(long expectedVersion, List<StoredSigningKey> keys);

  /**
   * Increments a fixed-window counter and returns its new value. The window starts with the first increment
   * and lasts {@code window}; then the counter starts again from zero.
   */
  long increment(String counter, Duration window);

  /**
   * Takes back one {@link #increment} of a live counter, atomically, and returns the new value; never goes below
   * zero and keeps the window. With it a counter can reserve a slot before work and give it back after: the
   * increment is the check, so two racing callers can never both see room for one.
   */
  long decrement(String counter);

  /** Claims a one-time marker (e.g. a client assertion {@code jti}); {@code true} only for the first claim. */
  boolean claimOnce(String marker, Duration ttl);

  /** Short-lived opaque state owned by the caller (browser sessions, pending authorization requests). */
  void putState(String key, String value, Duration ttl);

  /** The state under this key, unless expired; the value stays (see {@link #takeState}). */
  Optional<String> getState(String key);

  /** Gets and deletes, atomically: only one caller ever receives the value. */
  Optional<String> takeState(String key);

  /** Deletes the state under this key. */
  void deleteState(String key);

  /**
   * The fields of the shared hash {@code name} (a small map of strings that never expires, shared by every instance
   * on the store: mcpkit-guard keeps one server's pins in one), empty when there is none.
   */
  Map<String, String> hash(String name);

  /**
   * Sets each of {@code fields} the hash {@code name} lacks (a field it has keeps its value), atomically, unless the
   * hash holds a value under {@code guardField} other than {@code fields.get(guardField)}: then nothing is set. Two
   * instances that race to put the same field therefore agree on one value: the first one's.
   *
   * @return the hash as it is afterwards
   */
  Map<String, String> putAbsent(String name, String guardField, Map<String, String> fields);

  /** Sets {@code fields} in the hash {@code name} (created when absent), replacing their values. */
  void putFields(String name, Map<String, String> fields);

  /** Replaces the whole hash {@code name} with {@code fields}, atomically (empty: deletes it). */
  void replaceHash(String name, Map<String, String> fields);

  /**
   * Whether the store answers now, for a readiness probe: a round trip for a remote store, always true for one in
   * memory. Never throws.
   */
  default boolean ping() {
    return true;
  }

  /** A short name for logs and the CLI ("memory", "redis://host:port"); never contains a password. */
  String describe();

  @Override
  void close();
}
