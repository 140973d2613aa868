package dev.mcpkit.auth.client;

import dev.mcpkit.auth.oauth.Scopes;
import java.time.Instant;
import java.util.Set;

/**
 * Tokens for one resource from one authorization server.
 *
 * @param accessToken the access token
 * @param expiresAt when it expires, or {@code null} when the server did not say
 * @param refreshToken the refresh token, or {@code null}
 * @param scopes the granted scopes (what the token response said, else what was requested)
 * @param requestedScopes every scope requested so far for this resource (the step-up union)
 * @param obtainedAt when the tokens were obtained
 */
public record StoredGrant(String accessToken, Instant expiresAt, String refreshToken, Set<String> scopes,
    Set<String> requestedScopes, Instant obtainedAt) {

  /** Keeps both scope sets in their order, unmodifiable. */
  public StoredGrant {
    scopes = Scopes.ordered(scopes);
    requestedScopes = Scopes.ordered(requestedScopes);
  }

  @Override
  public String toString() {
    return "StoredGrant[scopes=" + scopes + ", expiresAt=" + expiresAt + ", refresh=" + (refreshToken != null) + "]";
  }
}
