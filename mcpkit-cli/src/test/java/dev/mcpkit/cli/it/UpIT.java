package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.core.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcpkit up} end to end, against the packaged jar: the protected demo server refuses a request without a token
 * with the right challenge; its metadata leads to the embedded authorization server; a token obtained there (by the
 * demo user through the code flow, or by the service client) calls a tool; a read-only token gets 403
 * {@code insufficient_scope} for the write tool.
 */
class UpIT {

  static UpProcess up;

  @BeforeAll
  static void start() throws Exception {
    up = new UpProcess();
  }

  @AfterAll
  static void stop() throws Exception {
    if (up != null) {
      up.close();
    }
  }

  private static String text(HttpUser.Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode msg = Json.parse(r.body());
    return msg.path("result").path("content").get(0).path("text").asString();
  }

  @Test
  void theOutputNamesTheUrlsAndAFreshRandomPassword() {
    String out = up.process.output();
    assertThat(out).contains("MCP endpoint           " + up.resource)
        .contains("resource metadata      " + up.metadataUrl())
        .contains("authorization server   " + up.issuer)
        .contains("Try next:");
    assertThat(up.password).hasSizeGreaterThanOrEqualTo(16).doesNotContain("demo");
  }

  @Test
  void withoutATokenTheServerAnswers401WithTheChallenge() {
    HttpUser.Reply r = up.modern(null, "tools/call", "add_numbers", "{\"name\":\"add_numbers\",\"arguments\":{\"a\":1,\"b\":2}}");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate"))
        .isEqualTo("Bearer resource_metadata=\"" + up.metadataUrl() + "\", scope=\"mcp:read\"");
  }

  @Test
  void theMetadataLeadsToTheEmbeddedAuthorizationServer() {
    try (HttpUser u = new HttpUser()) {
      JsonNode prm = Json.parse(u.get(up.metadataUrl().toString()).body());
      assertThat(prm.path("resource").asString()).isEqualTo(up.resource);
      String as = prm.path("authorization_servers").get(0).asString();
      assertThat(as).isEqualTo(up.issuer);
      JsonNode meta = Json.parse(u.get(up.origin + "/.well-known/oauth-authorization-server/auth").body());
      assertThat(meta.path("issuer").asString()).isEqualTo(as);
      assertThat(meta.path("token_endpoint").asString()).isEqualTo(up.issuer + "/token");
    }
  }

  @Test
  void theDemoUsersTokenCallsATool() {
    String token = up.userToken("mcp:read");
    assertThat(text(up.modern(token, "tools/call", "add_numbers", "{\"name\":\"add_numbers\","
        + "\"arguments\":{\"a\":0.1,\"b\":0.2}}"))).isEqualTo("0.3");
    HttpUser.Reply list = up.modern(token, "tools/list", null, "{}");
    assertThat(Json.parse(list.body()).path("result").path("tools").valueStream().map(t -> t.path("name").asString())
        .toList()).containsExactly("echo_message", "add_numbers", "save_note");
  }

  @Test
  void aReadOnlyTokenGets403InsufficientScopeForTheWriteTool() {
    String token = up.userToken("mcp:read");
    HttpUser.Reply r = up.modern(token, "tools/call", "save_note", "{\"name\":\"save_note\","
        + "\"arguments\":{\"text\":\"hello\"}}");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer error=\"insufficient_scope\", "
        + "scope=\"mcp:read mcp:write\", resource_metadata=\"" + up.metadataUrl() + "\", "
        + "error_description=\"This request needs the scopes: mcp:read mcp:write\"");
  }

  @Test
  void aTokenWithTheWriteScopeSavesANote() {
    String writer = up.serviceToken("mcp:write");
    assertThat(text(up.modern(writer, "tools/call", "save_note", "{\"name\":\"save_note\","
        + "\"arguments\":{\"text\":\"written by the service\"}}"))).startsWith("Saved note");
    // mcp:write implies mcp:read, so the same token reads the notes
    HttpUser.Reply notes = up.modern(writer, "resources/read", "mcpkit://demo/notes", "{\"uri\":\"mcpkit://demo/notes\"}");
    assertThat(Json.parse(notes.body()).path("result").path("contents").get(0).path("text").asString())
        .contains("written by the service");
  }

  @Test
  void aRevokedTokenStopsWorkingAtOnce() {
    String token = up.serviceToken("mcp:read");
    assertThat(up.modern(token, "tools/list", null, "{}").status()).isEqualTo(200); // accepted, now cached
    try (HttpUser app = new HttpUser()) {
      String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("mcpkit-demo-service:"
          + up.serviceSecret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(app.post(up.issuer + "/revoke", java.util.Map.of("token", token), java.util.Map.of("Authorization",
          basic)).status()).isEqualTo(200);
    }
    HttpUser.Reply r = up.modern(token, "tools/list", null, "{}");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
  }

  @Test
  void aTokenFromAnotherRunIsRefused() {
    HttpUser.Reply r = up.modern("eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6Im5vcGUifQ.e30.c2ln",
        "tools/list", null, "{}");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
  }
}
