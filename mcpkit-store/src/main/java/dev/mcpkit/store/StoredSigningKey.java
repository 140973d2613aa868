package dev.mcpkit.store;

import java.time.Instant;

/**
 * A token-signing key pair as a private JWK (JSON). Protect the store: whoever reads it can sign tokens.
 *
 * @param keyId the {@code kid}
 * @param privateJwk the key pair as JWK JSON
 * @param createdAt when it was generated (and published)
 * @param retiredAt when it stopped signing, or {@code null} while it is the active or the next key
 * @param expiresAt when it may leave the JWKS (every token it signed has expired), or {@code null} while unretired
 * @param activatesAt when it starts signing; a key is published from {@code createdAt}, so verifiers know it
 *     before the first token it signs; {@code null} (keys stored by older versions) means {@code createdAt}
 */
public record StoredSigningKey(String keyId, String privateJwk, Instant createdAt, Instant retiredAt, Instant expiresAt,
    Instant activatesAt) {

  /** A new key that signs from its creation: not retired, no expiry. */
  public static StoredSigningKey active(String keyId, String privateJwk, Instant createdAt) {
    Instant notRetired = null;
    Instant noExpiry = null;
    Instant signsFromCreation = null;
    return new StoredSigningKey(keyId, privateJwk, createdAt, notRetired, noExpiry, signsFromCreation);
  }

  /** When it starts (or started) signing. */
  public Instant activation() {
    return activatesAt != null ? activatesAt : createdAt;
  }
}
