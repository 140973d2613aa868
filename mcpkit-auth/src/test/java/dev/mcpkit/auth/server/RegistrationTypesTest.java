package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Dynamic registration checks the JSON type of every RFC 7591 field. A wrong type is a 400 naming
 * the field, never a 201 with a default put in its place or the wrong value stored.
 */
class RegistrationTypesTest {

  private static final String BASE = "\"application_type\":\"native\",\"redirect_uris\":[\"http://127.0.0.1/cb\"]";

  private static HttpUser.Reply register(HttpUser c, TestAuthServer t, String json) {
    return c.postRaw(t.endpoint("/register"), "application/json", json, Map.of());
  }

  @Test
  void SEC_AS_27_registrationMetadataOfTheWrongTypeIsRefusedNamingTheField() {
    // field -> a body fragment with the wrong type (added to a valid registration, replacing the field if present)
    Map<String, String> wrong = new LinkedHashMap<>();
    wrong.put("grant_types", "\"grant_types\":\"authorization_code\"");
    wrong.put("grant_types[0]", "\"grant_types\":[1]");
    wrong.put("grant_types ", "\"grant_types\":[]");
    wrong.put("response_types", "\"response_types\":\"code\"");
    wrong.put("token_endpoint_auth_method", "\"token_endpoint_auth_method\":5");
    wrong.put("client_name", "\"client_name\":123");
    wrong.put("client_name ", "\"client_name\":null");
    wrong.put("client_uri", "\"client_uri\":123");
    wrong.put("logo_uri", "\"logo_uri\":\"javascript:alert(1)\"");
    wrong.put("tos_uri", "\"tos_uri\":true");
    wrong.put("policy_uri", "\"policy_uri\":{}");
    wrong.put("jwks_uri", "\"jwks_uri\":5");
    wrong.put("contacts", "\"contacts\":\"admin@example.com\"");
    wrong.put("scope", "\"scope\":[\"mcp:read\"]");
    wrong.put("scope ", "\"scope\":\"\"");
    wrong.put("jwks", "\"jwks\":\"keys\"");
    wrong.put("software_id", "\"software_id\":1");
    wrong.put("software_version", "\"software_version\":1.5");
    wrong.put("default_max_age", "\"default_max_age\":\"60\"");
    wrong.put("require_auth_time", "\"require_auth_time\":\"yes\"");
    // Containers and numbers beyond 64 bits or a double: refused by type, never a Jackson exception (a 500).
    wrong.put("client_name  ", "\"client_name\":{}");
    wrong.put("scope  ", "\"scope\":{}");
    wrong.put("token_endpoint_auth_method ", "\"token_endpoint_auth_method\":[]");
    wrong.put("default_max_age ", "\"default_max_age\":1e400");
    wrong.put("default_max_age  ", "\"default_max_age\":123456789012345678901234567890");
    wrong.put("require_auth_time ", "\"require_auth_time\":1e400");
    try (TestAuthServer t = new TestAuthServer(b -> b.dynamicRegistration(true, 1000)); HttpUser c = new HttpUser()) {
      for (Map.Entry<String, String> e : wrong.entrySet()) {
        String field = e.getKey().trim().replaceAll("\\[.*", "");
        HttpUser.Reply r = register(c, t, "{" + BASE + "," + e.getValue() + "}");
        assertThat(r.status()).as(e.getValue() + " -> " + r.body()).isEqualTo(400);
        JsonNode j = json(r);
        assertThat(j.get("error").asString()).as(e.getValue()).isEqualTo("invalid_client_metadata");
        assertThat(j.get("error_description").asString()).as(e.getValue()).contains(field);
      }
      // redirect_uris has its own error code (RFC 7591 §3.2.2).
      for (String bad : new String[] {"\"http://127.0.0.1/cb\"", "[42]", "[\"http://127.0.0.1/cb\",null]", "{}"}) {
        HttpUser.Reply r = register(c, t, "{\"application_type\":\"native\",\"redirect_uris\":" + bad + "}");
        assertThat(r.status()).as(bad).isEqualTo(400);
        assertThat(json(r).get("error").asString()).isEqualTo("invalid_redirect_uri");
        assertThat(json(r).get("error_description").asString()).contains("redirect_uris");
      }
      HttpUser.Reply r = register(c, t, "{\"application_type\":7," + BASE.substring(BASE.indexOf(',') + 1) + "}");
      assertThat(json(r).get("error_description").asString()).contains("application_type");
    }
  }

  @Test
  void metadataOfTheRightTypesIsAcceptedAndStoredAsSent() {
    try (TestAuthServer t = new TestAuthServer(); HttpUser c = new HttpUser()) {
      HttpUser.Reply r = register(c, t, "{" + BASE + ",\"client_name\":\"CLI\",\"client_uri\":\"https://cli.test\","
          + "\"logo_uri\":\"https://cli.test/logo.png\",\"contacts\":[\"admin@cli.test\"],\"scope\":\"mcp:read\","
          + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],"
          + "\"token_endpoint_auth_method\":\"none\",\"software_id\":\"cli\",\"software_version\":\"1.0\","
          + "\"default_max_age\":3600,\"require_auth_time\":false,\"x_unknown_extension\":5}");
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      JsonNode j = json(r);
      assertThat(j.get("scope").asString()).isEqualTo("mcp:read");
      assertThat(j.get("grant_types").toString()).isEqualTo("[\"authorization_code\",\"refresh_token\"]");
      assertThat(j.has("x_unknown_extension")).as("unknown fields are ignored, not stored").isFalse();
      JsonNode stored = TestAuthServer.JSON.readTree(t.store.findClient(j.get("client_id").asString()).orElseThrow()
          .metadataJson());
      assertThat(stored.get("scope").asString()).isEqualTo("mcp:read");
      assertThat(stored.get("client_name").isString()).isTrue();
    }
  }
}
