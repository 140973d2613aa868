package dev.mcpkit.auth.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The RFC 8414 authorization server metadata and the OpenID Connect discovery document (the same content plus the
 * fields OpenID discovery requires). The {@code issuer} is exactly the configured issuer, the base of every
 * well-known URL this server answers on.
 */
final class Metadata {

  private final Map<String, Object> oauth;
  private final Map<String, Object> openid;

  Metadata(Settings s, Resources resources, boolean cimd) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("issuer", s.issuerString());
    m.put("authorization_endpoint", s.endpoint("/authorize"));
    m.put("token_endpoint", s.endpoint("/token"));
    m.put("jwks_uri", s.endpoint("/jwks"));
    if (s.dynamicRegistration()) {
      m.put("registration_endpoint", s.endpoint("/register"));
    }
    m.put("revocation_endpoint", s.endpoint("/revoke"));
    m.put("introspection_endpoint", s.endpoint("/introspect"));
    m.put("scopes_supported", resources.allScopes());
    m.put("response_types_supported", List.of("code"));
    m.put("response_modes_supported", List.of("query"));
    m.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials",
        TokenEndpoint.TOKEN_EXCHANGE));
    List<String> methods = List.of("none", "client_secret_basic", "client_secret_post", "private_key_jwt");
    m.put("token_endpoint_auth_methods_supported", methods);
    m.put("token_endpoint_auth_signing_alg_values_supported", List.of("ES256", "ES384", "RS256", "PS256"));
    m.put("revocation_endpoint_auth_methods_supported", methods);
    m.put("introspection_endpoint_auth_methods_supported", methods.subList(1, methods.size()));
    m.put("code_challenge_methods_supported", List.of("S256"));
    m.put("authorization_response_iss_parameter_supported", true);
    m.put("client_id_metadata_document_supported", cimd);
    m.put("resource_indicators_supported", true);
    m.put("prompt_values_supported", AuthorizeEndpoint.PROMPT_VALUES);
    this.oauth = Map.copyOf(m);
    Map<String, Object> o = new LinkedHashMap<>(m);
    o.put("subject_types_supported", List.of("public"));
    o.put("id_token_signing_alg_values_supported", List.of("ES256"));
    this.openid = Map.copyOf(o);
  }

  void oauth(Request request, Response response, Callback callback) {
    Http.publicJson(response, callback, new LinkedHashMap<>(oauth));
  }

  void openid(Request request, Response response, Callback callback) {
    Http.publicJson(response, callback, new LinkedHashMap<>(openid));
  }
}
