package dev.mcpkit.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * A remembered consent: the user approved these scopes for this client and resource.
 */
@JsonAutoDetect(fieldVisibility = Visibility.NONE, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
public final class StoredConsent {
  private final String subject;
  private final String clientId;
  private final String resource;
  private final String scope;
  private final String clientFingerprint;
  private final Instant grantedAt;
  private final Instant expiresAt;

  @JsonCreator
  private StoredConsent(@JsonProperty("subject") String subject, @JsonProperty("clientId") String clientId,
      @JsonProperty("resource") String resource, @JsonProperty("scope") String scope,
      @JsonProperty("clientFingerprint") String clientFingerprint, @JsonProperty("grantedAt") Instant grantedAt,
      @JsonProperty("expiresAt") Instant expiresAt) {
    this.subject = subject;
    this.clientId = clientId;
    this.resource = resource;
    this.scope = scope;
    this.clientFingerprint = clientFingerprint;
    this.grantedAt = grantedAt;
    this.expiresAt = expiresAt;
  }

  /** The user. */
  @JsonProperty("subject")
  public String subject() {
    return subject;
  }

  /** The client. */
  @JsonProperty("clientId")
  public String clientId() {
    return clientId;
  }

  /** The resource the consent covers. */
  @JsonProperty("resource")
  public String resource() {
    return resource;
  }

  /** The approved scopes, space-separated. */
  @JsonProperty("scope")
  public String scope() {
    return scope;
  }

  /**
   * A digest of the client's redirect URIs and keys at approval time; a client whose metadata changed asks again.
   */
  @JsonProperty("clientFingerprint")
  public String clientFingerprint() {
    return clientFingerprint;
  }

  /** When the user approved. */
  @JsonProperty("grantedAt")
  public Instant grantedAt() {
    return grantedAt;
  }

  /** When the consent lapses. */
  @JsonProperty("expiresAt")
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredConsent other
        && Objects.equals(subject, other.subject)
        && Objects.equals(clientId, other.clientId)
        && Objects.equals(resource, other.resource)
        && Objects.equals(scope, other.scope)
        && Objects.equals(clientFingerprint, other.clientFingerprint)
        && Objects.equals(grantedAt, other.grantedAt)
        && Objects.equals(expiresAt, other.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(subject, clientId, resource, scope, clientFingerprint, grantedAt, expiresAt);
  }

  @Override
  public String toString() {
    return "StoredConsent[subject=" + subject
        + ", clientId=" + clientId
        + ", resource=" + resource
        + ", scope=" + scope
        + ", clientFingerprint=" + clientFingerprint
        + ", grantedAt=" + grantedAt
        + ", expiresAt=" + expiresAt + "]";
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.subject = subject;
    b.clientId = clientId;
    b.resource = resource;
    b.scope = scope;
    b.clientFingerprint = clientFingerprint;
    b.grantedAt = grantedAt;
    b.expiresAt = expiresAt;
    return b;
  }

  /** Builds a {@link StoredConsent}; every setter replaces the earlier value. */
  public static final class Builder {
    private String subject;
    private String clientId;
    private String resource;
    private String scope;
    private String clientFingerprint;
    private Instant grantedAt;
    private Instant expiresAt;

    private Builder() {}

    /** The user. */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /** The client. */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /** The resource the consent covers. */
    public Builder resource(String resource) {
      this.resource = resource;
      return this;
    }

    /** The approved scopes, space-separated. */
    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    /**
     * A digest of the client's redirect URIs and keys at approval time; a client whose metadata changed asks again.
     */
    public Builder clientFingerprint(String clientFingerprint) {
      this.clientFingerprint = clientFingerprint;
      return this;
    }

    /** When the user approved. */
    public Builder grantedAt(Instant grantedAt) {
      this.grantedAt = grantedAt;
      return this;
    }

    /** When the consent lapses. */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /** The StoredConsent; the checks of its constructor apply. */
    public StoredConsent build() {
      return new StoredConsent(subject, clientId, resource, scope, clientFingerprint, grantedAt, expiresAt);
    }
  }
}
