package dev.mcpkit.auth.server;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a client that registered itself (Dynamic Client Registration or a Client ID Metadata Document) may be
 * given. Anyone can create such a client, so by default it gets only the grants where a user signs in and
 * consents: {@code authorization_code} and {@code refresh_token}. An operator who wants self-registered services
 * may also allow {@code client_credentials}, and must then name the scopes such a client may obtain without a
 * user; the client can narrow them with its own {@code scope} metadata, never widen them.
 *
 * @param grantTypes the grants open registration offers; a subset of {@code authorization_code},
 *     {@code refresh_token} and {@code client_credentials}
 * @param clientCredentialsScopes the scopes a self-registered client may obtain with {@code client_credentials};
 *     required (non-empty) when that grant is allowed, empty otherwise
 */
public record OpenRegistrationPolicy(Set<String> grantTypes, Set<String> clientCredentialsScopes) {

  static final Set<String> USER_GRANTS = Set.of("authorization_code", "refresh_token");
  private static final Set<String> OFFERABLE = Set.of("authorization_code", "refresh_token", "client_credentials");

  /**
   * Copies the sets; {@code null} grants mean the user-consented ones, {@code null} scopes none.
   *
   * @throws IllegalArgumentException for a grant open registration cannot offer, {@code client_credentials}
   *     without scopes, or scopes without {@code client_credentials}
   */
  public OpenRegistrationPolicy {
    grantTypes = Set.copyOf(grantTypes == null ? USER_GRANTS : grantTypes);
    clientCredentialsScopes = Set.copyOf(clientCredentialsScopes == null ? Set.of() : clientCredentialsScopes);
    for (String g : grantTypes) {
      if (!OFFERABLE.contains(g)) {
        throw new IllegalArgumentException("open registration cannot offer the grant type " + g);
      }
    }
    if (grantTypes.contains("client_credentials") && clientCredentialsScopes.isEmpty()) {
      throw new IllegalArgumentException("allowing client_credentials to self-registered clients needs an explicit "
          + "scope list for them");
    }
    if (!grantTypes.contains("client_credentials") && !clientCredentialsScopes.isEmpty()) {
      throw new IllegalArgumentException("client_credentials scopes are set but the grant is not allowed");
    }
  }

  /** The secure default: the user-consented grants only. */
  public static OpenRegistrationPolicy defaults() {
    return new OpenRegistrationPolicy(USER_GRANTS, Set.of());
  }

  /** The grants a self-registered client that asked for {@code asked} actually has: those the policy offers. */
  Set<String> offered(Set<String> asked) {
    Set<String> out = new LinkedHashSet<>(asked);
    out.retainAll(grantTypes);
    return out;
  }
}
