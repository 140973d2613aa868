package dev.mcpkit.auth.resource;

/**
 * A revocation feed a validator consults for every accepted token, cached or not, so that a token revoked at the
 * authorization server (RFC 7009, or a whole grant family after a refresh-token or code replay) stops working at
 * once instead of when it expires. {@link StoreRevocations} reads the authorization server's own store: use it when
 * the guard runs in the same process as mcpkit's authorization server or shares its store (e.g. Redis).
 */
@FunctionalInterface
public interface Revocations {

  /** Whether {@code token}, which passed every other check, has been revoked since it was issued. */
  boolean isRevoked(TokenValidator.Valid token);

  /**
   * Whether {@link #isRevoked} answers without waiting (a lookup in this process's memory: no network, no store round
   * trip, no lock held for long). Only then may a cached token be accepted on the server's I/O thread; otherwise every
   * request moves to its own thread first. The default, {@code false}, is always safe.
   */
  default boolean answersAtOnce() {
    return false;
  }
}
