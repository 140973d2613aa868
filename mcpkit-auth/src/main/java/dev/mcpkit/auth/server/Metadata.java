package dev.mcpkit.auth.server;

import dev.mcpkit.auth.oauth.AuthorizationServerMetadata;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The RFC 8414 authorization server metadata and the OpenID Connect discovery document (the same content plus the
 * fields OpenID discovery requires). The {@code issuer} is exactly the configured issuer, the base of every
 * well-known URL this server answers on.
 */
final class Metadata {

  private final AuthorizationServerMetadata oauth;
  private final AuthorizationServerMetadata openid;

  Metadata(Settings s, Resources resources, boolean cimd) {
    List<String> methods = List.of("none", "client_secret_basic", "client_secret_post", "private_key_jwt");
    this.oauth = new AuthorizationServerMetadata(s.issuerString(), s.endpoint("/authorize"), s.endpoint("/token"),
        s.endpoint("/jwks"), s.dynamicRegistration() ? s.endpoint("/register") : null, s.endpoint("/revoke"),
        s.endpoint("/introspect"), resources.allScopes(), List.of("code"), List.of("query"),
        List.of("authorization_code", "refresh_token", "client_credentials", TokenEndpoint.TOKEN_EXCHANGE), methods,
        List.of("ES256", "ES384", "RS256", "PS256"), methods, methods.subList(1, methods.size()), List.of("S256"), true,
        cimd, true, AuthorizeEndpoint.PROMPT_VALUES, null, null);
    // OpenID discovery: the same content plus the two members it requires.
    this.openid = new AuthorizationServerMetadata(oauth.issuer(), oauth.authorizationEndpoint(), oauth.tokenEndpoint(),
        oauth.jwksUri(), oauth.registrationEndpoint(), oauth.revocationEndpoint(), oauth.introspectionEndpoint(),
        oauth.scopesSupported(), oauth.responseTypesSupported(), oauth.responseModesSupported(),
        oauth.grantTypesSupported(), oauth.tokenEndpointAuthMethodsSupported(),
        oauth.tokenEndpointAuthSigningAlgValuesSupported(), oauth.revocationEndpointAuthMethodsSupported(),
        oauth.introspectionEndpointAuthMethodsSupported(), oauth.codeChallengeMethodsSupported(),
        oauth.authorizationResponseIssParameterSupported(), oauth.clientIdMetadataDocumentSupported(),
        oauth.resourceIndicatorsSupported(), oauth.promptValuesSupported(), List.of("public"), List.of("ES256"));
  }

  void oauth(Request request, Response response, Callback callback) {
    Http.publicJson(response, callback, oauth);
  }

  void openid(Request request, Response response, Callback callback) {
    Http.publicJson(response, callback, openid);
  }
}
