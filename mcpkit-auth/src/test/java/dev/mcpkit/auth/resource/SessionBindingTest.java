package dev.mcpkit.auth.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.SseStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * 2025 sessions (and legacy HTTP+SSE sessions) on a protected server are bound to the caller that opened them: the
 * subject and client of a real token. Another caller's token on the same session id is refused, a session id is never
 * a credential, and a refreshed token of the same caller keeps working.
 */
class SessionBindingTest {

  private ProtectedMcp p;

  @BeforeEach
  void start() {
    p = new ProtectedMcp();
  }

  @AfterEach
  void stop() {
    p.close();
  }

  private static void assertForbiddenSession(Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(r.json().path("error").path("message").asString()).contains("belongs to another caller");
  }

  @Test
  @DisplayName("SEC-CTX-01 a session opened with caller A's token is refused with caller B's valid token")
  void SEC_CTX_01_anotherCallersTokenOnTheSameSession() {
    Session a = p.client(p.token("mcp:read")).initialize("2025-11-25");
    HttpTestClient b = p.client(p.otherToken("mcp:read mcp:write"));
    Reply call = b.post().header("Mcp-Session-Id", a.id()).header("MCP-Protocol-Version", "2025-11-25")
        .body(Rpc.request(1, "tools/call", J.obj("name", "whoami"))).send();
    assertForbiddenSession(call);
    assertForbiddenSession(b.get().header("Mcp-Session-Id", a.id()).send());
    assertForbiddenSession(b.delete().header("Mcp-Session-Id", a.id()).send());
    assertThat(p.ran).isEmpty();
    assertThat(p.http.sessionCount()).as("B's DELETE did not end A's session").isEqualTo(1);
    assertThat(a.call(2, "whoami", null).send().result().path("content").get(0).path("text").asString())
        .startsWith("basic-client|");
  }

  @Test
  void aNewTokenOfTheSameCallerKeepsTheSession() {
    String[] first = p.aliceTokens("mcp:read");
    HttpTestClient c = p.client(first[0]);
    Session s = c.initialize("2025-11-25");
    HttpTestClient refreshed = p.client(p.aliceTokens("mcp:read")[0]);
    Reply r = refreshed.post().header("Mcp-Session-Id", s.id()).header("MCP-Protocol-Version", "2025-11-25")
        .body(Rpc.request(1, "tools/call", J.obj("name", "whoami"))).send();
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  @DisplayName("SEC-CTX-02 a valid session id without a token, or with an invalid one, is 401")
  void SEC_CTX_02_aSessionIdIsNotACredential() {
    Session a = p.client(p.token("mcp:read")).initialize("2025-11-25");
    Reply none = p.client(null).post().header("Mcp-Session-Id", a.id()).header("MCP-Protocol-Version", "2025-11-25")
        .body(Rpc.request(1, "tools/call", J.obj("name", "whoami"))).send();
    assertThat(none.status()).isEqualTo(401);
    Reply bad = p.client("not-a-valid-token").post().header("Mcp-Session-Id", a.id())
        .body(Rpc.request(1, "tools/call", J.obj("name", "whoami"))).send();
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    assertThat(p.ran).isEmpty();
  }

  @Test
  @DisplayName("SEC-CTX-05 caller B resuming caller A's stream with A's session and an event id gets nothing")
  void SEC_CTX_05_noReplayToAnotherCaller() {
    Session a = p.client(p.token("mcp:read")).initialize("2025-11-25");
    Reply first = a.call(1, "whoami", null).send();
    assertThat(first.status()).isEqualTo(200);
    HttpTestClient b = p.client(p.otherToken("mcp:read"));
    Reply resume = b.get().header("Mcp-Session-Id", a.id()).header("MCP-Protocol-Version", "2025-11-25")
        .header("Last-Event-ID", "0").send();
    assertForbiddenSession(resume);
    assertThat(resume.body()).doesNotContain("basic-client");
  }

  @Test
  @DisplayName("SEC-CTX-08 a requestState minted for caller A's token is refused when caller B's token retries with it")
  void SEC_CTX_08_requestStateIsBoundToTheTokensCaller() {
    HttpTestClient a = p.client(p.token("mcp:read"));
    HttpTestClient b = p.client(p.otherToken("mcp:read"));
    var meta = HttpTestClient.meta(J.obj("elicitation", J.obj()));
    Reply first = a.modern(1, "tools/call", J.obj("name", "greet", "arguments", J.obj("greeting", "Hi"),
        "_meta", meta)).send();
    String state = first.result().path("requestState").asString();
    assertThat(state).isNotEmpty();
    var retry = J.obj("name", "greet", "arguments", J.obj("greeting", "Hi"), "_meta", meta, "inputResponses",
        J.obj("elicit-1", J.obj("action", "accept", "content", J.obj("name", "Mallory"))), "requestState", state);
    Reply stolen = b.modern(2, "tools/call", retry).send();
    assertThat(stolen.error().path("code").asInt()).isEqualTo(-32602);
    assertThat(stolen.error().path("message").asString()).contains("belongs to a different caller");
    assertThat(a.modern(3, "tools/call", retry).send().result().path("content").get(0).path("text").asString())
        .isEqualTo("Hi, Mallory");
  }

  @Test
  void legacySseSessionsAreBoundToTheirCallerToo() {
    HttpTestClient a = p.client(p.token("mcp:read"));
    try (HttpTestClient.Streaming sse = a.request("GET", "/sse").header("Accept", "text/event-stream").open()) {
      assertThat(sse.status()).isEqualTo(200);
      SseStream.Event endpoint = sse.events().next();
      Reply stolen = p.client(p.otherToken("mcp:read")).request("POST", endpoint.data())
          .header("Content-Type", "application/json").body(Rpc.request(1, "initialize", J.obj("protocolVersion",
              "2024-11-05", "capabilities", J.obj(), "clientInfo", J.obj("name", "c", "version", "1")))).send();
      assertForbiddenSession(stolen);
      Reply own = a.request("POST", endpoint.data()).header("Content-Type", "application/json")
          .body(Rpc.request(2, "initialize", J.obj("protocolVersion", "2024-11-05", "capabilities", J.obj(),
              "clientInfo", J.obj("name", "c", "version", "1")))).send();
      assertThat(own.status()).isEqualTo(202);
      assertThat(sse.events().nextMessage().path("id").asInt()).as("only A's own request was answered").isEqualTo(2);
    }
  }
}
