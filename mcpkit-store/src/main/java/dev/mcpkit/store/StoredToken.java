package dev.mcpkit.store;

import java.time.Instant;

/**
 * A token the authorization server issued. Access tokens are JWTs and are recorded by {@code jti} so that they
 * can be revoked and introspected; refresh tokens are opaque and recorded by {@link Hashes#sha256(String)}.
 *
 * @param key the {@code jti} (access tokens) or the hash (refresh tokens)
 * @param kind what it is
 * @param familyId the grant family; revoking the family revokes every token in it
 * @param clientId the client it was issued to
 * @param subject the user (or, for client credentials, the client)
 * @param scope granted scopes, space-separated
 * @param resource the audience
 * @param issuedAt when it was issued
 * @param expiresAt when it expires; the store forgets it then
 */
public record StoredToken(
    String key,
    Kind kind,
    String familyId,
    String clientId,
    String subject,
    String scope,
    String resource,
    Instant issuedAt,
    Instant expiresAt) {

  /** The two kinds of token. */
  public enum Kind {
    /** An access-token record, keyed by the token's {@code jti}. */
    ACCESS,
    /** A refresh token, keyed by its hash. */
    REFRESH
  }
}
