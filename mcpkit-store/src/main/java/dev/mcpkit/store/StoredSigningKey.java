package dev.mcpkit.store;

import java.time.Instant;

/**
 * A token-signing key pair as a private JWK (JSON). Protect the store: whoever reads it can sign tokens.
 *
 * @param keyId the {@code kid}
 * @param privateJwk the key pair as JWK JSON
 * @param createdAt when it was generated
 * @param retiredAt when it stopped signing, or {@code null} while it is the active key
 * @param expiresAt when it may leave the JWKS (every token it signed has expired), or {@code null} while active
 */
public record StoredSigningKey(String keyId, String privateJwk, Instant createdAt, Instant retiredAt, Instant expiresAt) {}
