package dev.mcpkit.auth.client;

import dev.mcpkit.auth.oauth.Scopes;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Tokens for one resource from one authorization server.
 */
public final class StoredGrant {
  private final String accessToken;
  private final Instant expiresAt;
  private final String refreshToken;
  private final Set<String> scopes;
  private final Set<String> requestedScopes;
  private final Instant obtainedAt;

  @Override
  public String toString() {
    return "StoredGrant[scopes=" + scopes + ", expiresAt=" + expiresAt + ", refresh=" + (refreshToken != null) + "]";
  }

  /** The StoredGrant from all its parts (for this package only). */
  StoredGrant(String accessToken, Instant expiresAt, String refreshToken, Set<String> scopes,
      Set<String> requestedScopes, Instant obtainedAt) {
    scopes = Scopes.ordered(scopes);
    requestedScopes = Scopes.ordered(requestedScopes);
    this.accessToken = accessToken;
    this.expiresAt = expiresAt;
    this.refreshToken = refreshToken;
    this.scopes = scopes;
    this.requestedScopes = requestedScopes;
    this.obtainedAt = obtainedAt;
  }

  /** The access token. */
  public String accessToken() {
    return accessToken;
  }

  /** When it expires, or {@code null} when the server did not say. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** The refresh token, or {@code null}. */
  public String refreshToken() {
    return refreshToken;
  }

  /** The granted scopes (what the token response said, else what was requested). */
  public Set<String> scopes() {
    return scopes;
  }

  /** Every scope requested so far for this resource (the step-up union). */
  public Set<String> requestedScopes() {
    return requestedScopes;
  }

  /** When the tokens were obtained. */
  public Instant obtainedAt() {
    return obtainedAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredGrant other
        && Objects.equals(accessToken, other.accessToken)
        && Objects.equals(expiresAt, other.expiresAt)
        && Objects.equals(refreshToken, other.refreshToken)
        && Objects.equals(scopes, other.scopes)
        && Objects.equals(requestedScopes, other.requestedScopes)
        && Objects.equals(obtainedAt, other.obtainedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accessToken, expiresAt, refreshToken, scopes, requestedScopes, obtainedAt);
  }
}
