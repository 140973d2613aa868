package dev.mcpkit.server;

import java.util.Map;
import java.util.Set;

/**
 * The authenticated party behind a request, as established by a {@code RequestGuard}.
 *
 * @param subject the user (or client, for client credentials) the token was issued to
 * @param clientId the OAuth client that obtained the token, when known
 * @param scopes the scopes granted
 * @param claims further token claims, for handlers that need them
 */
public record Caller(String subject, String clientId, Set<String> scopes, Map<String, Object> claims) {

  /** Copies the scopes and claims. */
  public Caller {
    scopes = Set.copyOf(scopes);
    claims = Map.copyOf(claims);
  }

  /** Whether the token grants {@code scope}. */
  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }
}
