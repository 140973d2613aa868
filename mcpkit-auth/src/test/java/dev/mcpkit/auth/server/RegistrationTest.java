package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.oauth.ClientInformation;
import dev.mcpkit.auth.oauth.ClientMetadata;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Dynamic Client Registration (RFC 7591), deprecated by MCP 2026-07-28 but offered: validation and abuse limits. */
class RegistrationTest {

  private static HttpUser.Reply register(HttpUser c, TestAuthServer t, String json) {
    return c.postRaw(t.endpoint("/register"), "application/json", json, Map.of());
  }

  private static void assertError(HttpUser.Reply r, int status, String error) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(json(r).get("error").asString()).isEqualTo(error);
  }

  @Test
  void aRegisteredNativeClientCanRunTheFlow() {
    try (TestAuthServer t = new TestAuthServer(); HttpUser c = new HttpUser(); HttpUser u = new HttpUser()) {
      HttpUser.Reply r = register(c, t, "{\"application_type\":\"native\",\"client_name\":\"CLI\","
          + "\"redirect_uris\":[\"http://127.0.0.1/callback\"],\"token_endpoint_auth_method\":\"none\","
          + "\"grant_types\":[\"authorization_code\",\"refresh_token\"]}");
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      JsonNode j = json(r);
      String id = j.get("client_id").asString();
      assertThat(id).startsWith("mcpkit-").doesNotStartWith("https://");
      assertThat(j.has("client_secret")).isFalse();
      Pkce pkce = Pkce.create();
      HttpUser.Reply back = t.authorize(u, t.authorizeUrl(pkce, Map.of("client_id", id)));
      String code = back.locationQuery().get("code").getFirst();
      assertThat(c.post(t.endpoint("/token"), Map.of("grant_type", "authorization_code", "code", code,
          "code_verifier", pkce.verifier(), "redirect_uri", "http://127.0.0.1:45678/callback", "client_id", id))
          .status()).isEqualTo(200);
    }
  }

  /**
   * The registration answer is the shared {@link ClientInformation} record the OAuth client reads, written with the
   * same bytes as the map before it (the members in the same order, absent ones left out); the store keeps the
   * registered {@link ClientMetadata} as before.
   */
  @Test
  void theRegistrationAnswerIsTheSharedRecordInItsMembersOrder() {
    try (TestAuthServer t = new TestAuthServer(); HttpUser c = new HttpUser()) {
      HttpUser.Reply pub = register(c, t, "{\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
          + "\"application_type\":\"native\",\"client_name\":\"CLI \\u00e9\",\"redirect_uris\":"
          + "[\"http://127.0.0.1/callback\"],\"token_endpoint_auth_method\":\"none\",\"unknown\":1}");
      String id = json(pub).get("client_id").asString();
      String meta = "{\"client_id\":\"" + id + "\",\"client_name\":\"CLI \u00e9\",\"redirect_uris\":"
          + "[\"http://127.0.0.1/callback\"],\"application_type\":\"native\",\"token_endpoint_auth_method\":\"none\","
          + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"]";
      assertThat(pub.body()).matches(Pattern.quote(meta) + ",\"client_id_issued_at\":\\d+\\}");
      assertThat(t.store.findClient(id).orElseThrow().metadataJson()).isEqualTo(meta + "}");
      ClientInformation read = ClientInformation.read(json(pub));
      assertThat(read.metadata().clientName()).isEqualTo("CLI \u00e9");
      assertThat(read.clientSecret()).isNull();
      assertThat(Json.mapper().writeValueAsString(read)).isEqualTo(pub.body());

      HttpUser.Reply conf = register(c, t, "{\"application_type\":\"web\",\"redirect_uris\":[\"https://app.test/cb\"],"
          + "\"scope\":\"mcp:read\",\"grant_types\":[\"authorization_code\"]}");
      assertThat(conf.body()).matches("\\{\"client_id\":\"mcpkit-[^\"]+\",\"redirect_uris\":\\[\"https://app.test/cb\"\\],"
          + "\"application_type\":\"web\",\"token_endpoint_auth_method\":\"client_secret_basic\","
          + "\"grant_types\":\\[\"authorization_code\"\\],\"scope\":\"mcp:read\",\"response_types\":\\[\"code\"\\],"
          + "\"client_id_issued_at\":\\d+,\"client_secret\":\"[^\"]+\",\"client_secret_expires_at\":0\\}");
      ClientInformation secret = ClientInformation.read(json(conf));
      assertThat(secret.clientSecretExpiresAt()).isZero();
      assertThat(Json.mapper().writeValueAsString(secret)).isEqualTo(conf.body());
    }
  }

  @Test
  void aConfidentialRegistrationGetsASecretThatWorksAndIsStoredHashed() {
    try (TestAuthServer t = new TestAuthServer(); HttpUser c = new HttpUser(); HttpUser u = new HttpUser()) {
      JsonNode j = json(register(c, t, "{\"application_type\":\"web\",\"redirect_uris\":[\"https://app.test/cb\"],"
          + "\"grant_types\":[\"authorization_code\"]}"));
      String id = j.get("client_id").asString();
      String secret = j.get("client_secret").asString();
      assertThat(t.store.findClient(id).orElseThrow().secretHash()).startsWith("sha256:").doesNotContain(secret);
      Pkce pkce = Pkce.create();
      String code = t.authorize(u, t.authorizeUrl(pkce, Map.of("client_id", id, "redirect_uri", APP_REDIRECT)))
          .locationQuery().get("code").getFirst();
      assertThat(c.post(t.endpoint("/token"), Map.of("grant_type", "authorization_code", "code", code,
          "code_verifier", pkce.verifier(), "redirect_uri", APP_REDIRECT), Map.of("Authorization", basic(id, secret)))
          .status()).isEqualTo(200);
    }
  }

  @Test
  void SEC_AS_15_dangerousOrWildcardRedirectUrisAreRejectedAtRegistration() {
    try (TestAuthServer t = new TestAuthServer(b -> b.dynamicRegistration(true, 100)); HttpUser c = new HttpUser()) {
      for (String uri : List.of("javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd",
          "http://evil.com/cb", "https://*.app.test/cb", "https://app.test/cb#frag", "/relative/cb",
          "https://user@app.test/cb")) {
        assertError(register(c, t, "{\"application_type\":\"native\",\"redirect_uris\":[\"" + uri + "\"]}"), 400,
            "invalid_redirect_uri");
      }
      // A web client cannot claim loopback redirects.
      assertError(register(c, t, "{\"application_type\":\"web\",\"redirect_uris\":[\"http://127.0.0.1/cb\"]}"), 400,
          "invalid_redirect_uri");
      // Configured clients follow the same rules.
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuthorizationServer.builder()
              .issuer(java.net.URI.create("http://127.0.0.1:1")).clients(List.of(ClientRegistration.publicClient(
                  "x", "x", "http://evil.com/cb"))).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    }
  }

  @Test
  void SEC_AS_27_registrationIsValidatedAndRateLimited() {
    try (TestAuthServer t = new TestAuthServer(b -> b.dynamicRegistration(true, 5)); HttpUser c = new HttpUser()) {
      assertError(register(c, t, "{\"application_type\":\"native\"}"), 400, "invalid_redirect_uri");
      assertError(register(c, t, "{\"application_type\":\"native\",\"client_id\":\"https://mine.example/c.json\","
          + "\"redirect_uris\":[\"http://127.0.0.1/cb\"]}"), 400, "invalid_client_metadata");
      assertError(register(c, t, "{\"redirect_uris\":[\"http://127.0.0.1/cb\"]}"), 400, "invalid_client_metadata");
      assertError(register(c, t, "{\"application_type\":\"native\",\"redirect_uris\":[\"http://127.0.0.1/cb\"],"
          + "\"grant_types\":[\"password\"]}"), 400, "invalid_client_metadata");
      // The fifth request of the minute still counts; the sixth is refused with 429.
      assertThat(register(c, t, "{\"application_type\":\"native\",\"redirect_uris\":[\"http://127.0.0.1/cb\"]}")
          .status()).isEqualTo(201);
      HttpUser.Reply limited = register(c, t, "{\"application_type\":\"native\",\"redirect_uris\":"
          + "[\"http://127.0.0.1/cb\"]}");
      assertError(limited, 429, "too_many_requests");
      assertThat(limited.header("Retry-After")).isEqualTo("60");
      assertError(register(c, t, "not json"), 429, "too_many_requests");
    }
  }

  @Test
  void malformedRegistrationBodiesGetClearErrors() {
    try (TestAuthServer t = new TestAuthServer(); HttpUser c = new HttpUser()) {
      assertError(register(c, t, "{not json"), 400, "invalid_client_metadata");
      assertError(register(c, t, "[1,2]"), 400, "invalid_client_metadata");
      // SEC-JSON-DUP a duplicate member is malformed (no last-wins), and the description names it.
      HttpUser.Reply dup = register(c, t, "{\"application_type\":\"native\",\"redirect_uris\":[\"https://evil.example/cb\"],"
          + "\"redirect_uris\":[\"http://127.0.0.1/cb\"]}");
      assertError(dup, 400, "invalid_client_metadata");
      assertThat(json(dup).path("error_description").asString()).contains("duplicate key 'redirect_uris'"); // RFC 6749 §5.2: no '"' in it
      assertError(c.postRaw(t.endpoint("/register"), "text/plain", "{}", Map.of()), 400, "invalid_request");
    }
  }

  @Test
  void registrationCanBeTurnedOff() {
    try (TestAuthServer t = new TestAuthServer(b -> b.dynamicRegistration(false, 0)); HttpUser c = new HttpUser()) {
      assertThat(register(c, t, "{}").status()).isEqualTo(404);
      assertThat(json(c.get(t.issuer + "/.well-known/oauth-authorization-server")).has("registration_endpoint"))
          .isFalse();
    }
  }
}
