package dev.mcpkit.auth.resource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a bearer token for a {@link ResourceServerGuard}. Two implementations come with mcpkit: {@link
 * JwtValidator} (RFC 9068 JWT access tokens, keys from the authorization server's JWKS) and {@link
 * IntrospectionValidator} (RFC 7662). What a valid token must say (audience, issuer, time) comes from the guard, in
 * {@link Expectations}, so the guard's configuration is the one source of truth and a validator only does
 * cryptography and transport.
 *
 * <p>Implementations never log, store or forward the token except to the authorization server that issued it
 * (introspection), and never put it in a result.
 */
public interface TokenValidator extends AutoCloseable {

  /** Checks {@code token} (the bearer credential, already syntax-checked) against {@code expected}. */
  Result validate(String token, Expectations expected);

  /**
   * What {@link #validate} would answer, when that answer is at hand without waiting (a cached check, a revocation
   * feed in memory), or {@code null} when getting it may wait (a key fetch, an introspection call, a store round trip)
   * or costs more than a lookup. The guard asks this on the server's I/O thread and calls {@link #validate} on a
   * thread of the request's own on {@code null}. The default, {@code null}, is always safe.
   */
  default Result validateAtOnce(String token, Expectations expected) {
    return null;
  }

  /** Releases HTTP clients; the default does nothing. */
  @Override
  default void close() {}

  /**
   * What every valid token must satisfy, from the guard's configuration.
   *
   * @param audience the canonical resource URI: a token's {@code aud} must be exactly this, and nothing else
   * @param issuers the authorization servers the resource trusts (its metadata lists them); {@code iss} must be
   *     one of them, compared as exact strings
   * @param clock the time
   * @param skew how far {@code exp}, {@code nbf} and {@code iat} may be off
   */
  record Expectations(String audience, Set<String> issuers, Clock clock, Duration skew) {
    /**
     * Copies the issuers.
     *
     * @throws NullPointerException without an audience, clock or skew
     */
    public Expectations {
      Objects.requireNonNull(audience, "audience");
      issuers = Set.copyOf(issuers);
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(skew, "skew");
    }
  }

  /** The outcome of a check. */
  sealed interface Result {}

/**
   * A valid token.
   */
  final class Valid implements Result {
    private final String subject;
    private final String clientId;
    private final Set<String> scopes;
    private final Map<String, Object> claims;
    private final Instant expiresAt;
    /**
     * What one guard made of this answer (its decision), kept so a validator that answers a cached token with this
     * same instance saves the guard rebuilding it; not part of the value ({@link #equals} ignores it).
     */
    private volatile Derived derived;

    private record Derived(Object owner, Object value) {}

    private Valid(String subject, String clientId, Set<String> scopes, Map<String, Object> claims,
        Instant expiresAt) {
      Objects.requireNonNull(subject, "subject");
      scopes = Set.copyOf(scopes);
      claims = Map.copyOf(claims);
      this.subject = subject;
      this.clientId = clientId;
      this.scopes = scopes;
      this.claims = claims;
      this.expiresAt = expiresAt;
    }

    /** {@code sub}: the user, or the client for client credentials. */
    public String subject() {
      return subject;
    }

    /** {@code client_id}, or {@code null}. */
    public String clientId() {
      return clientId;
    }

    /** The scopes granted ({@code scope}). */
    public Set<String> scopes() {
      return scopes;
    }

    /** Every claim (JWT) or introspection member, for handlers that need more; never the token itself. */
    public Map<String, Object> claims() {
      return claims;
    }

    /** {@code exp}, or {@code null} when unknown. */
    public Instant expiresAt() {
      return expiresAt;
    }

    /** What {@code owner} kept on this answer with {@link #derive}, or {@code null}. */
    Object derived(Object owner) {
      Derived d = derived;
      return d != null && d.owner() == owner ? d.value() : null;
    }

    /** Keeps {@code value}, which must be immutable, for {@code owner}; replaces what another owner kept. */
    void derive(Object owner, Object value) {
      derived = new Derived(owner, value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Valid other
          && Objects.equals(subject, other.subject)
          && Objects.equals(clientId, other.clientId)
          && Objects.equals(scopes, other.scopes)
          && Objects.equals(claims, other.claims)
          && Objects.equals(expiresAt, other.expiresAt);
    }

    @Override
    public int hashCode() {
      return Objects.hash(subject, clientId, scopes, claims, expiresAt);
    }

    @Override
    public String toString() {
      return "Valid[subject=" + subject
          + ", clientId=" + clientId
          + ", scopes=" + scopes
          + ", claims=" + claims
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
      b.scopes = scopes;
      b.claims = claims;
      b.expiresAt = expiresAt;
      return b;
    }

    /** Builds a {@link Valid}; every setter replaces the earlier value. */
    public static final class Builder {
      private String subject;
      private String clientId;
      private Set<String> scopes;
      private Map<String, Object> claims;
      private Instant expiresAt;

      private Builder() {}

      /** {@code sub}: the user, or the client for client credentials. */
      public Builder subject(String subject) {
        this.subject = subject;
        return this;
      }

      /** {@code client_id}, or {@code null}. */
      public Builder clientId(String clientId) {
        this.clientId = clientId;
        return this;
      }

      /** The scopes granted ({@code scope}). */
      public Builder scopes(Set<String> scopes) {
        this.scopes = scopes;
        return this;
      }

      /**
       * Every claim (JWT) or introspection member, for handlers that need more; never the token itself.
       */
      public Builder claims(Map<String, Object> claims) {
        this.claims = claims;
        return this;
      }

      /** {@code exp}, or {@code null} when unknown. */
      public Builder expiresAt(Instant expiresAt) {
        this.expiresAt = expiresAt;
        return this;
      }

      /** The Valid; the checks of its constructor apply. */
      public Valid build() {
        return new Valid(subject, clientId, scopes, claims, expiresAt);
      }
    }
  }

  /**
   * A token that must be refused (401 {@code invalid_token}).
   *
   * @param reason a short code for logs and tests ({@code expired}, {@code audience}, {@code signature}, ...)
   * @param description what the client is told ({@code error_description}); never contains token content
   */
  record Invalid(String reason, String description) implements Result {}

  /**
   * The token could not be checked (the JWKS or the introspection endpoint is unreachable): the guard fails
   * closed with 503, never allows.
   *
   * @param reason a short explanation for logs
   */
  record Unavailable(String reason) implements Result {}
}
