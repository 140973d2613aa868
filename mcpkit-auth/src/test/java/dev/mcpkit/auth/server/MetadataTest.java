package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.oauth.AuthorizationServerMetadata;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** RFC 8414 and OpenID discovery metadata, for an issuer at the root and one with a path. */
class MetadataTest {

  private static void assertMetadata(JsonNode m, String issuer) {
    assertThat(m.get("issuer").asString()).isEqualTo(issuer);
    for (String e : List.of("authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint",
        "revocation_endpoint", "introspection_endpoint")) {
      assertThat(m.get(e).asString()).as(e).startsWith(issuer + "/");
    }
    assertThat(strings(m, "response_types_supported")).containsExactly("code");
    assertThat(strings(m, "code_challenge_methods_supported")).containsExactly("S256");
    assertThat(strings(m, "grant_types_supported")).contains("authorization_code", "refresh_token",
        "client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange").doesNotContain("implicit", "password");
    assertThat(m.get("client_id_metadata_document_supported").asBoolean()).isTrue();
    assertThat(m.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
    assertThat(strings(m, "token_endpoint_auth_methods_supported")).containsExactlyInAnyOrder("none",
        "client_secret_basic", "client_secret_post", "private_key_jwt");
    assertThat(strings(m, "introspection_endpoint_auth_methods_supported")).doesNotContain("none");
    assertThat(strings(m, "scopes_supported")).contains("mcp:read", "files:read");
  }

  private static List<String> strings(JsonNode m, String f) {
    List<String> out = new ArrayList<>();
    m.get(f).forEach(n -> out.add(n.asString()));
    return out;
  }

  @Test
  void SEC_AS_01_metadataAtTheRoot() {
    try (TestAuthServer t = new TestAuthServer(); HttpUser c = new HttpUser()) {
      HttpUser.Reply r = c.get("http://127.0.0.1:" + t.port + "/.well-known/oauth-authorization-server");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertMetadata(json(r), t.issuer);
      JsonNode oidc = json(c.get("http://127.0.0.1:" + t.port + "/.well-known/openid-configuration"));
      assertMetadata(oidc, t.issuer);
      assertThat(oidc.has("subject_types_supported")).isTrue();
    }
  }

  @Test
  void theDocumentsAreTheSharedRecordTheClientReads() {
    try (TestAuthServer t = new TestAuthServer(); HttpUser c = new HttpUser()) {
      JsonNode oauth = json(c.get("http://127.0.0.1:" + t.port + "/.well-known/oauth-authorization-server"));
      JsonNode oidc = json(c.get("http://127.0.0.1:" + t.port + "/.well-known/openid-configuration"));
      AuthorizationServerMetadata read = AuthorizationServerMetadata.read(oauth);
      // Every member the server wrote comes back through the client's reader, and nothing else is written.
      assertThat(read).isEqualTo(Json.mapper().treeToValue(oauth, AuthorizationServerMetadata.class));
      JsonNode written = Json.mapper().valueToTree(read);
      assertThat(written).isEqualTo(oauth);
      assertThat(read.issuer()).isEqualTo(t.issuer);
      assertThat(read.clientIdMetadataDocumentSupported()).isTrue();
      assertThat(read.subjectTypesSupported()).as("OpenID members only in the OpenID document").isNull();
      AuthorizationServerMetadata openid = AuthorizationServerMetadata.read(oidc);
      assertThat(openid.subjectTypesSupported()).containsExactly("public");
      assertThat(openid.idTokenSigningAlgValuesSupported()).containsExactly("ES256");
      assertThat(new AuthorizationServerMetadata(openid.issuer(), openid.authorizationEndpoint(),
          openid.tokenEndpoint(), openid.jwksUri(), openid.registrationEndpoint(), openid.revocationEndpoint(),
          openid.introspectionEndpoint(), openid.scopesSupported(), openid.responseTypesSupported(),
          openid.responseModesSupported(), openid.grantTypesSupported(), openid.tokenEndpointAuthMethodsSupported(),
          openid.tokenEndpointAuthSigningAlgValuesSupported(), openid.revocationEndpointAuthMethodsSupported(),
          openid.introspectionEndpointAuthMethodsSupported(), openid.codeChallengeMethodsSupported(),
          openid.authorizationResponseIssParameterSupported(), openid.clientIdMetadataDocumentSupported(),
          openid.resourceIndicatorsSupported(), openid.promptValuesSupported(), null, null)).isEqualTo(read);
    }
  }

  @Test
  void aHostileDocumentReadsWithoutThrowingAndWrongTypesCountAsAbsent() {
    AuthorizationServerMetadata m = AuthorizationServerMetadata.read(Json.parse(
        "{\"issuer\":5,\"token_endpoint\":\"\",\"scopes_supported\":[\"a\",1,{}],\"grant_types_supported\":\"x\","
            + "\"client_id_metadata_document_supported\":\"true\",\"authorization_response_iss_parameter_supported\":null}"));
    assertThat(m.issuer()).isNull();
    assertThat(m.tokenEndpoint()).isNull();
    assertThat(m.scopesSupported()).containsExactly("a");
    assertThat(m.grantTypesSupported()).isNull();
    assertThat(m.clientIdMetadataDocumentSupported()).as("read as asBoolean, as the client did").isTrue();
    assertThat(m.authorizationResponseIssParameterSupported()).isNull();
  }

  @Test
  void SEC_AS_01_anIssuerWithAPathAnswersOnEveryDiscoveryUrl() {
    try (TestAuthServer t = new TestAuthServer(null, "/tenant1", b -> {}); HttpUser c = new HttpUser()) {
      String origin = "http://127.0.0.1:" + t.port;
      assertThat(t.issuer).isEqualTo(origin + "/tenant1");
      for (String url : List.of(origin + "/.well-known/oauth-authorization-server/tenant1",
          origin + "/.well-known/openid-configuration/tenant1", origin + "/tenant1/.well-known/openid-configuration")) {
        HttpUser.Reply r = c.get(url);
        assertThat(r.status()).as(url).isEqualTo(200);
        assertMetadata(json(r), t.issuer);
      }
      // The root documents belong to another issuer and are not served.
      assertThat(c.get(origin + "/.well-known/oauth-authorization-server").status()).isEqualTo(404);
      assertThat(json(c.get(t.issuer + "/jwks")).get("keys").isArray()).isTrue();
    }
  }

  @Test
  void issuersMustBeHttpsOrLoopbackWithoutQueryOrFragment() {
    for (String bad : List.of("http://example.com", "https://example.com?x=1", "https://example.com#f", "example.com",
        "ftp://example.com")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuthorizationServer.builder()
          .issuer(java.net.URI.create(bad)).build()).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    try (AuthorizationServer ok = AuthorizationServer.builder().issuer(java.net.URI.create("https://as.example/t1"))
        .build()) {
      assertThat(ok.issuer().toString()).isEqualTo("https://as.example/t1");
    }
  }
}
