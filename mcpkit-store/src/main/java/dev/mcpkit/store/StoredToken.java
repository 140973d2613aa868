package dev.mcpkit.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * A token the authorization server issued. Access tokens are JWTs and are recorded by {@code jti} so that they
 * can be revoked and introspected; refresh tokens are opaque and recorded by {@link Hashes#sha256(String)}.
 */
@JsonAutoDetect(fieldVisibility = Visibility.NONE, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
public final class StoredToken {
  private final String key;
  private final Kind kind;
  private final String familyId;
  private final String clientId;
  private final String subject;
  private final String scope;
  private final String resource;
  private final Instant issuedAt;
  private final Instant expiresAt;

  /** The two kinds of token. */
  public enum Kind {
    /** An access-token record, keyed by the token's {@code jti}. */
    ACCESS,
    /** A refresh token, keyed by its hash. */
    REFRESH
  }

  @JsonCreator
  private StoredToken(@JsonProperty("key") String key, @JsonProperty("kind") Kind kind,
      @JsonProperty("familyId") String familyId, @JsonProperty("clientId") String clientId,
      @JsonProperty("subject") String subject, @JsonProperty("scope") String scope,
      @JsonProperty("resource") String resource, @JsonProperty("issuedAt") Instant issuedAt,
      @JsonProperty("expiresAt") Instant expiresAt) {
    this.key = key;
    this.kind = kind;
    this.familyId = familyId;
    this.clientId = clientId;
    this.subject = subject;
    this.scope = scope;
    this.resource = resource;
    this.issuedAt = issuedAt;
    this.expiresAt = expiresAt;
  }

  /** The {@code jti} (access tokens) or the hash (refresh tokens). */
  @JsonProperty("key")
  public String key() {
    return key;
  }

  /** What it is. */
  @JsonProperty("kind")
  public Kind kind() {
    return kind;
  }

  /** The grant family; revoking the family revokes every token in it. */
  @JsonProperty("familyId")
  public String familyId() {
    return familyId;
  }

  /** The client it was issued to. */
  @JsonProperty("clientId")
  public String clientId() {
    return clientId;
  }

  /** The user (or, for client credentials, the client). */
  @JsonProperty("subject")
  public String subject() {
    return subject;
  }

  /** Granted scopes, space-separated. */
  @JsonProperty("scope")
  public String scope() {
    return scope;
  }

  /** The audience (the resource the token is for). */
  @JsonProperty("resource")
  public String resource() {
    return resource;
  }

  /** When it was issued. */
  @JsonProperty("issuedAt")
  public Instant issuedAt() {
    return issuedAt;
  }

  /** When it expires; the store forgets it then. */
  @JsonProperty("expiresAt")
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredToken other
        && Objects.equals(key, other.key)
        && Objects.equals(kind, other.kind)
        && Objects.equals(familyId, other.familyId)
        && Objects.equals(clientId, other.clientId)
        && Objects.equals(subject, other.subject)
        && Objects.equals(scope, other.scope)
        && Objects.equals(resource, other.resource)
        && Objects.equals(issuedAt, other.issuedAt)
        && Objects.equals(expiresAt, other.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, kind, familyId, clientId, subject, scope, resource, issuedAt, expiresAt);
  }

  @Override
  public String toString() {
    return "StoredToken[key=" + key
        + ", kind=" + kind
        + ", familyId=" + familyId
        + ", clientId=" + clientId
        + ", subject=" + subject
        + ", scope=" + scope
        + ", resource=" + resource
        + ", issuedAt=" + issuedAt
        + ", expiresAt=" + expiresAt + "]";
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.key = key;
    b.kind = kind;
    b.familyId = familyId;
    b.clientId = clientId;
    b.subject = subject;
    b.scope = scope;
    b.resource = resource;
    b.issuedAt = issuedAt;
    b.expiresAt = expiresAt;
    return b;
  }

  /** Builds a {@link StoredToken}; every setter replaces the earlier value. */
  public static final class Builder {
    private String key;
    private Kind kind;
    private String familyId;
    private String clientId;
    private String subject;
    private String scope;
    private String resource;
    private Instant issuedAt;
    private Instant expiresAt;

    private Builder() {}

    /** The {@code jti} (access tokens) or the hash (refresh tokens). */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /** What it is. */
    public Builder kind(Kind kind) {
      this.kind = kind;
      return this;
    }

    /** The grant family; revoking the family revokes every token in it. */
    public Builder familyId(String familyId) {
      this.familyId = familyId;
      return this;
    }

    /** The client it was issued to. */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /** The user (or, for client credentials, the client). */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /** Granted scopes, space-separated. */
    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    /** The audience (the resource the token is for). */
    public Builder resource(String resource) {
      this.resource = resource;
      return this;
    }

    /** When it was issued. */
    public Builder issuedAt(Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    /** When it expires; the store forgets it then. */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /** The StoredToken; the checks of its constructor apply. */
    public StoredToken build() {
      return new StoredToken(key, kind, familyId, clientId, subject, scope, resource, issuedAt, expiresAt);
    }
  }
}
