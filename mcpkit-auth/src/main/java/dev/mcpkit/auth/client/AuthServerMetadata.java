package dev.mcpkit.auth.client;

import java.net.URI;
import java.util.List;

/**
 * RFC 8414 / OpenID discovery metadata after validation (the {@code issuer} equals the issuer it
 * was discovered for), or the 2025-03-26 default endpoints when a server publishes none.
 *
 * @param issuer the validated issuer identifier, verbatim
 * @param authorizationEndpoint {@code null} when absent (a client-credentials-only server)
 * @param codeChallengeMethods {@code null} when absent
 * @param tokenEndpointAuthMethods {@code null} when absent (RFC 8414 default: client_secret_basic)
 * @param scopesSupported {@code null} when absent
 * @param defaults true for the 2025-03-26 fallback: no document at all, default endpoints on the MCP origin
 */
record AuthServerMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI registrationEndpoint,
    URI revocationEndpoint, List<String> codeChallengeMethods, List<String> tokenEndpointAuthMethods,
    List<String> scopesSupported, boolean cimdSupported, boolean issParameterSupported, boolean defaults) {

  /**
   * The 2025-03-26 fallback: no metadata document, the default endpoints on the MCP server's origin. Nothing is
   * listed, so the lists are empty (every reader treats an empty list as an absent one, and the PKCE-method check
   * is skipped for defaults); no revocation endpoint, no CIMD, no {@code iss} parameter.
   */
  static AuthServerMetadata defaults(String origin, URI authorize, URI token, URI register) {
    return new AuthServerMetadata(origin, authorize, token, register, /* revocationEndpoint */ null, List.of(),
        List.of(), List.of(), false, false, true);
  }
}
