package dev.mcpkit.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * A token-signing key pair as a private JWK (JSON). Protect the store: whoever reads it can sign tokens.
 */
@JsonAutoDetect(fieldVisibility = Visibility.NONE, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
public final class StoredSigningKey {
  private final String keyId;
  private final String privateJwk;
  private final Instant createdAt;
  private final Instant retiredAt;
  private final Instant expiresAt;
  private final Instant activatesAt;

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

  @JsonCreator
  private StoredSigningKey(@JsonProperty("keyId") String keyId, @JsonProperty("privateJwk") String privateJwk,
      @JsonProperty("createdAt") Instant createdAt, @JsonProperty("retiredAt") Instant retiredAt,
      @JsonProperty("expiresAt") Instant expiresAt, @JsonProperty("activatesAt") Instant activatesAt) {
    this.keyId = keyId;
    this.privateJwk = privateJwk;
    this.createdAt = createdAt;
    this.retiredAt = retiredAt;
    this.expiresAt = expiresAt;
    this.activatesAt = activatesAt;
  }

  /** The {@code kid}. */
  @JsonProperty("keyId")
  public String keyId() {
    return keyId;
  }

  /** The key pair as JWK JSON. */
  @JsonProperty("privateJwk")
  public String privateJwk() {
    return privateJwk;
  }

  /** When it was generated (and published). */
  @JsonProperty("createdAt")
  public Instant createdAt() {
    return createdAt;
  }

  /** When it stopped signing, or {@code null} while it is the active or the next key. */
  @JsonProperty("retiredAt")
  public Instant retiredAt() {
    return retiredAt;
  }

  /** When it may leave the JWKS (every token it signed has expired), or {@code null} while unretired. */
  @JsonProperty("expiresAt")
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * When it starts signing; a key is published from {@code createdAt}, so verifiers know it before the first token
   * it signs; {@code null} (keys stored by older versions) means {@code createdAt}.
   */
  @JsonProperty("activatesAt")
  public Instant activatesAt() {
    return activatesAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredSigningKey other
        && Objects.equals(keyId, other.keyId)
        && Objects.equals(privateJwk, other.privateJwk)
        && Objects.equals(createdAt, other.createdAt)
        && Objects.equals(retiredAt, other.retiredAt)
        && Objects.equals(expiresAt, other.expiresAt)
        && Objects.equals(activatesAt, other.activatesAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId, privateJwk, createdAt, retiredAt, expiresAt, activatesAt);
  }

  @Override
  public String toString() {
    return "StoredSigningKey[keyId=" + keyId
        + ", privateJwk=" + privateJwk
        + ", createdAt=" + createdAt
        + ", retiredAt=" + retiredAt
        + ", expiresAt=" + expiresAt
        + ", activatesAt=" + activatesAt + "]";
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.keyId = keyId;
    b.privateJwk = privateJwk;
    b.createdAt = createdAt;
    b.retiredAt = retiredAt;
    b.expiresAt = expiresAt;
    b.activatesAt = activatesAt;
    return b;
  }

  /** Builds a {@link StoredSigningKey}; every setter replaces the earlier value. */
  public static final class Builder {
    private String keyId;
    private String privateJwk;
    private Instant createdAt;
    private Instant retiredAt;
    private Instant expiresAt;
    private Instant activatesAt;

    private Builder() {}

    /** The {@code kid}. */
    public Builder keyId(String keyId) {
      this.keyId = keyId;
      return this;
    }

    /** The key pair as JWK JSON. */
    public Builder privateJwk(String privateJwk) {
      this.privateJwk = privateJwk;
      return this;
    }

    /** When it was generated (and published). */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** When it stopped signing, or {@code null} while it is the active or the next key. */
    public Builder retiredAt(Instant retiredAt) {
      this.retiredAt = retiredAt;
      return this;
    }

    /**
     * When it may leave the JWKS (every token it signed has expired), or {@code null} while unretired.
     */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /**
     * When it starts signing; a key is published from {@code createdAt}, so verifiers know it before the first token
     * it signs; {@code null} (keys stored by older versions) means {@code createdAt}.
     */
    public Builder activatesAt(Instant activatesAt) {
      this.activatesAt = activatesAt;
      return this;
    }

    /** The StoredSigningKey; the checks of its constructor apply. */
    public StoredSigningKey build() {
      return new StoredSigningKey(keyId, privateJwk, createdAt, retiredAt, expiresAt, activatesAt);
    }
  }
}
