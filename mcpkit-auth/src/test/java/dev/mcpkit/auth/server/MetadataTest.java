package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.TestAuthServer;
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
