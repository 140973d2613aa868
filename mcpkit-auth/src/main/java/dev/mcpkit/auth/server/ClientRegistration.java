package dev.mcpkit.auth.server;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A pre-registered client, as read from the configuration file or given to the builder.
 *
 * @param clientId the identifier (must not start with {@code https://}: that form is reserved for Client ID
 *     Metadata Documents)
 * @param clientName shown on the consent page
 * @param redirectUris exact redirect URIs; each is https or http on a loopback host
 * @param authMethod {@code none}, {@code client_secret_basic}, {@code client_secret_post} or {@code private_key_jwt}
 * @param secretHash the client secret as an Argon2id PHC string ({@link PasswordHasher}) or {@code sha256:<hex>};
 *     {@code null} unless the method is a client-secret one
 * @param jwksJson the client's public keys as a JWK Set (JSON), for {@code private_key_jwt}; otherwise {@code null}
 * @param grantTypes the grants it may use
 * @param scopes the scopes it may be granted. {@code null} (no list): with a user's consent in the code flow, any
 *     scope of the resource; nothing without a user. A list (even empty, which grants nothing) bounds every grant,
 *     and is required for {@code client_credentials} and token exchange
 * @param resource the protected resource this client itself is (a server that receives tokens for it), or
 *     {@code null}; needed for token exchange
 * @param exchangeTargets downstream resources this client may obtain tokens for by token exchange (RFC 8693)
 */
public record ClientRegistration(
    String clientId,
    String clientName,
    List<String> redirectUris,
    String authMethod,
    String secretHash,
    String jwksJson,
    Set<String> grantTypes,
    Set<String> scopes,
    String resource,
    Set<String> exchangeTargets) {

  public ClientRegistration {
    Objects.requireNonNull(clientId, "clientId");
    redirectUris = List.copyOf(redirectUris == null ? List.of() : redirectUris);
    authMethod = authMethod == null ? "none" : authMethod;
    grantTypes = Set.copyOf(grantTypes == null || grantTypes.isEmpty()
        ? Set.of("authorization_code", "refresh_token") : grantTypes);
    scopes = scopes == null ? null : Set.copyOf(scopes);
    if (scopes == null && (grantTypes.contains("client_credentials")
        || grantTypes.contains("urn:ietf:params:oauth:grant-type:token-exchange"))) {
      // Grants without a user have nobody to consent: only an operator's explicit list may say what they get.
      throw new IllegalArgumentException("client '" + clientId + "': client_credentials and token exchange need an "
          + "explicit scope list (an empty list grants nothing)");
    }
    exchangeTargets = Set.copyOf(exchangeTargets == null ? Set.of() : exchangeTargets);
    clientName = clientName == null ? clientId : clientName;
  }

  /** A public client (PKCE, no secret) with the authorization-code and refresh-token grants. */
  public static ClientRegistration publicClient(String clientId, String name, String... redirectUris) {
    return new ClientRegistration(clientId, name, List.of(redirectUris), "none", null, null, null, null, null, null);
  }
}
