package dev.mcpkit.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * An authorization code, keyed by its hash, with everything the token endpoint must check when it is redeemed.
 */
@JsonAutoDetect(fieldVisibility = Visibility.NONE, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
public final class StoredCode {
  private final String codeHash;
  private final String clientId;
  private final String redirectUri;
  private final String codeChallenge;
  private final String resource;
  private final String scope;
  private final String subject;
  private final String familyId;
  private final Instant authTime;
  private final Instant expiresAt;

  @JsonCreator
  private StoredCode(@JsonProperty("codeHash") String codeHash, @JsonProperty("clientId") String clientId,
      @JsonProperty("redirectUri") String redirectUri, @JsonProperty("codeChallenge") String codeChallenge,
      @JsonProperty("resource") String resource, @JsonProperty("scope") String scope,
      @JsonProperty("subject") String subject, @JsonProperty("familyId") String familyId,
      @JsonProperty("authTime") Instant authTime, @JsonProperty("expiresAt") Instant expiresAt) {
    this.codeHash = codeHash;
    this.clientId = clientId;
    this.redirectUri = redirectUri;
    this.codeChallenge = codeChallenge;
    this.resource = resource;
    this.scope = scope;
    this.subject = subject;
    this.familyId = familyId;
    this.authTime = authTime;
    this.expiresAt = expiresAt;
  }

  /** {@link Hashes#sha256(String)} of the code. */
  @JsonProperty("codeHash")
  public String codeHash() {
    return codeHash;
  }

  /** The client it was issued to. */
  @JsonProperty("clientId")
  public String clientId() {
    return clientId;
  }

  /** The exact {@code redirect_uri} of the authorization request. */
  @JsonProperty("redirectUri")
  public String redirectUri() {
    return redirectUri;
  }

  /** The S256 PKCE challenge. */
  @JsonProperty("codeChallenge")
  public String codeChallenge() {
    return codeChallenge;
  }

  /** The resource (RFC 8707) the tokens will be for. */
  @JsonProperty("resource")
  public String resource() {
    return resource;
  }

  /** The granted scopes, space-separated. */
  @JsonProperty("scope")
  public String scope() {
    return scope;
  }

  /** The user who approved. */
  @JsonProperty("subject")
  public String subject() {
    return subject;
  }

  /** The grant family that the tokens from this code will belong to. */
  @JsonProperty("familyId")
  public String familyId() {
    return familyId;
  }

  /** When the user authenticated. */
  @JsonProperty("authTime")
  public Instant authTime() {
    return authTime;
  }

  /** When the code stops being redeemable. */
  @JsonProperty("expiresAt")
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredCode other
        && Objects.equals(codeHash, other.codeHash)
        && Objects.equals(clientId, other.clientId)
        && Objects.equals(redirectUri, other.redirectUri)
        && Objects.equals(codeChallenge, other.codeChallenge)
        && Objects.equals(resource, other.resource)
        && Objects.equals(scope, other.scope)
        && Objects.equals(subject, other.subject)
        && Objects.equals(familyId, other.familyId)
        && Objects.equals(authTime, other.authTime)
        && Objects.equals(expiresAt, other.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(codeHash, clientId, redirectUri, codeChallenge, resource, scope, subject, familyId, authTime,
        expiresAt);
  }

  @Override
  public String toString() {
    return "StoredCode[codeHash=" + codeHash
        + ", clientId=" + clientId
        + ", redirectUri=" + redirectUri
        + ", codeChallenge=" + codeChallenge
        + ", resource=" + resource
        + ", scope=" + scope
        + ", subject=" + subject
        + ", familyId=" + familyId
        + ", authTime=" + authTime
        + ", expiresAt=" + expiresAt + "]";
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.codeHash = codeHash;
    b.clientId = clientId;
    b.redirectUri = redirectUri;
    b.codeChallenge = codeChallenge;
    b.resource = resource;
    b.scope = scope;
    b.subject = subject;
    b.familyId = familyId;
    b.authTime = authTime;
    b.expiresAt = expiresAt;
    return b;
  }

  /** Builds a {@link StoredCode}; every setter replaces the earlier value. */
  public static final class Builder {
    private String codeHash;
    private String clientId;
    private String redirectUri;
    private String codeChallenge;
    private String resource;
    private String scope;
    private String subject;
    private String familyId;
    private Instant authTime;
    private Instant expiresAt;

    private Builder() {}

    /** {@link Hashes#sha256(String)} of the code. */
    public Builder codeHash(String codeHash) {
      this.codeHash = codeHash;
      return this;
    }

    /** The client it was issued to. */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /** The exact {@code redirect_uri} of the authorization request. */
    public Builder redirectUri(String redirectUri) {
      this.redirectUri = redirectUri;
      return this;
    }

    /** The S256 PKCE challenge. */
    public Builder codeChallenge(String codeChallenge) {
      this.codeChallenge = codeChallenge;
      return this;
    }

    /** The resource (RFC 8707) the tokens will be for. */
    public Builder resource(String resource) {
      this.resource = resource;
      return this;
    }

    /** The granted scopes, space-separated. */
    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    /** The user who approved. */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /** The grant family that the tokens from this code will belong to. */
    public Builder familyId(String familyId) {
      this.familyId = familyId;
      return this;
    }

    /** When the user authenticated. */
    public Builder authTime(Instant authTime) {
      this.authTime = authTime;
      return this;
    }

    /** When the code stops being redeemable. */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /** The StoredCode; the checks of its constructor apply. */
    public StoredCode build() {
      return new StoredCode(codeHash, clientId, redirectUri, codeChallenge, resource, scope, subject, familyId, authTime, expiresAt);
    }
  }
}
