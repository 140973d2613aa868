package dev.mcpkit.auth.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Per-operation scopes with real tokens from the real authorization server: 403 {@code insufficient_scope} naming
 * every scope the operation needs, in one challenge; scope hierarchies; tokens for another resource; and the caller
 * as handlers see it.
 */
class ScopeEnforcementTest {

  private ProtectedMcp p;

  @BeforeEach
  void start() {
    p = new ProtectedMcp();
  }

  @AfterEach
  void stop() {
    p.close();
  }

  private String prm() {
    return "http://127.0.0.1:" + p.port + "/.well-known/oauth-protected-resource/mcp";
  }

  private void assertInsufficient(Reply r, String scopes) {
    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"" + scopes + "\", resource_metadata=\"" + prm()
            + "\", error_description=\"This request needs the scopes: " + scopes + "\"");
    assertThat(r.json().path("error").path("message").asString()).startsWith("Forbidden: this request needs");
  }

  @Test
  @DisplayName("SEC-PE-01 a read-only token calling the write tool gets 403 insufficient_scope; the tool never runs")
  void SEC_PE_01_readOnlyTokenCannotWrite() {
    HttpTestClient c = p.client(p.token("mcp:read"));
    Reply r = c.call(7, "write", null).send();
    assertInsufficient(r, "mcp:read mcp:write");
    assertThat(r.json().path("id").asInt()).as("the JSON-RPC error answers the request").isEqualTo(7);
    assertThat(p.ran).isEmpty();
    assertThat(c.call(8, "whoami", null).send().status()).isEqualTo(200);
    HttpTestClient writer = p.client(p.token("mcp:read mcp:write"));
    assertThat(writer.call(9, "write", null).send().result().path("content").get(0).path("text").asString())
        .isEqualTo("written");
  }

  @Test
  @DisplayName("SEC-PE-02 an operation needing two scopes the token lacks is refused with one challenge naming both")
  void SEC_PE_02_oneChallengeWithEveryScope() {
    Reply r = p.client(p.token("mcp:read")).call(1, "share", null).send();
    assertInsufficient(r, "mcp:read mcp:write mcp:share");
    // with one of them, the challenge still names every scope of the operation, not only the missing one
    assertInsufficient(p.client(p.token("mcp:read mcp:write")).call(2, "share", null).send(),
        "mcp:read mcp:write mcp:share");
    assertThat(p.ran).isEmpty();
  }

  @Test
  @DisplayName("SEC-PE-03 a broader scope configured to imply narrower ones is enough")
  void SEC_PE_03_scopeHierarchy() {
    HttpTestClient admin = p.client(p.token("mcp:read mcp:admin"));
    assertThat(admin.call(1, "share", null).send().status()).isEqualTo(200);
    assertThat(admin.call(2, "write", null).send().status()).isEqualTo(200);
    assertThat(p.callers).isEmpty();
    admin.call(3, "whoami", null).send();
    Caller c = p.callers.getFirst();
    assertThat(c.scopes()).as("effective scopes").containsExactlyInAnyOrder("mcp:read", "mcp:admin", "mcp:write",
        "mcp:share");
    assertThat(c.claims().get("scope")).as("the token's own scope claim").isEqualTo("mcp:read mcp:admin");
  }

  @Test
  @DisplayName("SEC-PE-04 authorization happens at call time: a listed tool is still refused without its scope")
  void SEC_PE_04_enforcedAtCallTimeNotByListing() {
    HttpTestClient c = p.client(p.token("mcp:read"));
    Reply list = c.modern(1, "tools/list", null).send();
    assertThat(list.result().path("tools").valueStream().map(t -> t.path("name").asString()).toList())
        .contains("write", "share");
    assertInsufficient(c.call(2, "write", null).send(), "mcp:read mcp:write");
    Session s = c.initialize("2025-06-18");
    assertInsufficient(s.call(3, "write", null).send(), "mcp:read mcp:write");
    assertThat(p.ran).isEmpty();
  }

  @Test
  @DisplayName("SEC-PE-06 a token the same AS issued for another resource is 401 invalid_token")
  void SEC_PE_06_tokenForAnotherResource() {
    String other = p.clientCredentials(TestAuthServer.BASIC, "files:read", TestAuthServer.DOWNSTREAM);
    Reply r = p.client(other).call(1, "whoami", null).send();
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer error=\"invalid_token\", "
        + "error_description=\"The access token was not issued for this resource\"");
    assertThat(p.ran).isEmpty();
  }

  @Test
  void promptsResourcesAndTemplatesNeedTheirScopes() {
    HttpTestClient reader = p.client(p.token("mcp:read"));
    assertInsufficient(reader.modern(1, "prompts/get", J.obj("name", "admin_prompt")).send(), "mcp:read mcp:admin");
    assertInsufficient(reader.modern(2, "resources/read", J.obj("uri", "test://private")).send(),
        "mcp:read mcp:write");
    assertInsufficient(reader.modern(3, "resources/read", J.obj("uri", "test://notes/7")).send(),
        "mcp:read mcp:write");
    assertThat(p.ran).isEmpty();
    HttpTestClient admin = p.client(p.token("mcp:read mcp:admin"));
    assertThat(admin.modern(4, "prompts/get", J.obj("name", "admin_prompt")).send().status()).isEqualTo(200);
    assertThat(admin.modern(5, "resources/read", J.obj("uri", "test://private")).send().status()).isEqualTo(200);
    assertThat(admin.modern(6, "resources/read", J.obj("uri", "test://notes/7")).send().status()).isEqualTo(200);
    assertThat(p.ran).containsExactly("admin_prompt", "test://private", "test://notes/7");
  }

  @Test
  void theServerWideScopeIsNeededForEverything() {
    HttpTestClient writeOnly = p.client(p.token("mcp:write"));
    assertInsufficient(writeOnly.modern(1, "tools/list", null).send(), "mcp:read");
    assertInsufficient(writeOnly.call(2, "write", null).send(), "mcp:read mcp:write");
  }

  @Test
  @DisplayName("SEC-PE-13 identity comes from the validated token only, never from _meta or arguments")
  void SEC_PE_13_claimsInTheRequestAreIgnored() {
    HttpTestClient c = p.client(p.token("mcp:read"));
    var meta = HttpTestClient.meta(J.obj());
    meta.put("sub", "admin");
    meta.put("user", "admin@corp");
    meta.put("scope", "mcp:read mcp:write mcp:admin");
    Reply r = c.modern(1, "tools/call", J.obj("name", "whoami", "arguments", J.obj("user", "admin"), "_meta", meta))
        .send();
    assertThat(r.result().path("content").get(0).path("text").asString()).isEqualTo("basic-client|basic-client|mcp:read");
    assertInsufficient(c.modern(2, "tools/call", J.obj("name", "write", "_meta", meta)).send(), "mcp:read mcp:write");
  }

  @Test
  void handlersSeeTheCallerButNeverTheToken() {
    String[] tokens = p.aliceTokens("mcp:read mcp:write");
    Reply r = p.client(tokens[0]).call(1, "whoami", null).send();
    assertThat(r.result().path("content").get(0).path("text").asString())
        .isEqualTo("alice|public-client|mcp:read mcp:write");
    Caller c = p.callers.getFirst();
    assertThat(c.subject()).isEqualTo("alice");
    assertThat(c.clientId()).isEqualTo("public-client");
    assertThat(c.claims()).containsEntry("iss", p.as.issuer).containsEntry("aud", p.resource)
        .containsKeys("exp", "iat", "jti");
    assertThat(c.toString()).doesNotContain(tokens[0]).doesNotContain(tokens[0].split("\\.")[2]);
  }
}
