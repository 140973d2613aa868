package dev.mcpkit.auth.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The 401 challenges of the guard (RFC 6750 §3, RFC 9728 §5.1): without a token, with a token the server cannot
 * accept, with a token in the wrong place, on every endpoint and in both eras.
 */
class BearerChallengeTest {

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

  private void assertNoTokenChallenge(Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .isEqualTo("Bearer resource_metadata=\"" + prm() + "\", scope=\"mcp:read\"");
    assertThat(r.json().path("error").path("message").asString()).startsWith("Unauthorized");
    assertThat(r.body()).doesNotContain("result");
  }

  @Test
  @DisplayName("SEC-RS-01 no Authorization header: 401 with resource_metadata and scope, no error code, no data")
  void SEC_RS_01_noTokenGetsTheBaseChallenge() {
    HttpTestClient c = p.client(null);
    assertNoTokenChallenge(c.call(1, "whoami", null).send());
    assertNoTokenChallenge(c.modern(2, "tools/list", null).send());
    assertNoTokenChallenge(c.post().body(Rpc.request(3, "initialize", J.obj("protocolVersion", "2025-11-25",
        "capabilities", J.obj(), "clientInfo", J.obj("name", "c", "version", "1")))).send());
    assertNoTokenChallenge(c.get().send());
    assertNoTokenChallenge(c.request("GET", "/sse").header("Accept", "text/event-stream").send());
    assertNoTokenChallenge(c.request("POST", "/messages?sessionId=x").header("Content-Type", "application/json")
        .body("{}").send());
    assertThat(p.ran).isEmpty();
  }

  @Test
  void anotherSchemeCountsAsNoBearerToken() {
    HttpTestClient c = p.client(null);
    assertNoTokenChallenge(c.call(1, "whoami", null).header("Authorization", "Basic dXNlcjpwYXNz").send());
    assertNoTokenChallenge(c.call(1, "whoami", null).header("Authorization", "Bearer").send());
  }

  @Test
  @DisplayName("SEC-RES-12 unauthenticated requests get an immediate 401 and allocate no session or stream")
  void SEC_RES_12_nothingIsAllocatedBeforeAuthentication() {
    HttpTestClient c = p.client(null);
    for (int i = 0; i < 20; i++) {
      assertThat(c.post().body(Rpc.request(i, "initialize", J.obj("protocolVersion", "2025-11-25", "capabilities",
          J.obj(), "clientInfo", J.obj("name", "c", "version", "1")))).send().status()).isEqualTo(401);
      assertThat(c.request("GET", "/sse").header("Accept", "text/event-stream").send().status()).isEqualTo(401);
    }
    assertThat(p.http.sessionCount()).isZero();
    assertThat(p.http.streamCount()).isZero();
  }

  @Test
  @DisplayName("SEC-RS-08 a token in the query or in a form body is not accepted")
  void SEC_RS_08_tokensOnlyInTheHeader() {
    String token = p.token("mcp:read");
    HttpTestClient c = p.client(null);
    Reply query = c.request("POST", "/mcp?access_token=" + token).header("Content-Type", "application/json")
        .header("Accept", HttpTestClient.ACCEPT_BOTH).header("MCP-Protocol-Version", "2026-07-28")
        .body(Rpc.request(1, "initialize", J.obj("protocolVersion", "2025-11-25", "capabilities", J.obj(),
            "clientInfo", J.obj("name", "c", "version", "1")))).send();
    assertThat(query.status()).isEqualTo(401);
    assertThat(query.headers().firstValue("WWW-Authenticate").orElseThrow()).doesNotContain("error=");
    Reply form = c.request("POST", "/mcp").header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", HttpTestClient.ACCEPT_BOTH).body("access_token=" + token).send();
    assertThat(form.status()).isEqualTo(401);
    assertThat(p.ran).isEmpty();
    // the same token in the header works
    assertThat(p.client(token).call(1, "whoami", null).send().status()).isEqualTo(200);
  }

  @Test
  @DisplayName("SEC-RS-11 authorization is checked on every request: a session without its token is 401")
  void SEC_RS_11_everyRequestNeedsTheToken() {
    String token = p.token("mcp:read");
    Session s = p.client(token).initialize("2025-11-25");
    assertThat(s.call(1, "whoami", null).send().status()).isEqualTo(200);
    HttpTestClient anonymous = p.client(null);
    Reply r = anonymous.post().header("Mcp-Session-Id", s.id()).header("MCP-Protocol-Version", "2025-11-25")
        .body(Rpc.request(2, "tools/call", J.obj("name", "whoami"))).send();
    assertNoTokenChallenge(r);
    assertNoTokenChallenge(anonymous.get().header("Mcp-Session-Id", s.id()).send());
    assertNoTokenChallenge(anonymous.delete().header("Mcp-Session-Id", s.id()).send());
    // the modern era has no session: every request carries its token, and one without is refused
    assertNoTokenChallenge(anonymous.call(3, "whoami", null).send());
    assertThat(p.ran).containsExactly("whoami");
  }

  @Test
  @DisplayName("SEC-RS-12 challenge values are quoted and escaped, never carry CR/LF, and never echo the token")
  void SEC_RS_12_challengeSyntax() {
    assertThat(new Challenge().with("error", "invalid_token").with("error_description", "a \"quoted\" \\ back\r\n"
        + "Set-Cookie: x=y").header()).isEqualTo("Bearer error=\"invalid_token\", error_description=\"a \\\"quoted\\\""
        + " \\\\ back  Set-Cookie: x=y\"");
    String token = p.token("mcp:read");
    String tampered = token.substring(0, token.length() - 4) + "AAAA";
    Reply r = p.client(tampered).call(1, "whoami", null).send();
    assertThat(r.status()).isEqualTo(401);
    String header = r.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(header).matches("Bearer error=\"invalid_token\", error_description=\"[^\"\\\\\\r\\n]+\", "
        + "resource_metadata=\"[^\"]+\", scope=\"mcp:read\"");
    assertThat(header + r.body()).doesNotContain(tampered).doesNotContain(token.substring(0, 20));
    // header injection through a scope name is impossible: such names are refused when the server is built
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResourceServerGuard.builder(p.resource)
        .baseScopes("mcp:read\r\nX-Evil: 1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMalformedTokenIsInvalid() {
    for (String bad : new String[] {"not a token", "abc\"def", "abc,def", "a=b"}) {
      Reply r = p.client(null).call(1, "whoami", null).header("Authorization", "Bearer " + bad).send();
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
          .startsWith("Bearer error=\"invalid_token\", error_description=\"The bearer token is malformed\"");
    }
    // An oversized header never reaches the guard: Jetty refuses it first.
    assertThat(p.client(null).call(1, "whoami", null).header("Authorization", "Bearer " + "x".repeat(20_000)).send()
        .status()).isEqualTo(431);
    assertThat(p.ran).isEmpty();
  }

  @Test
  void theB64TokenGrammarOfRfc6750() {
    for (String ok : new String[] {"a", "AZaz09-._~+/", "abc=", "abc==", "x".repeat(2000)}) {
      assertThat(ResourceServerGuard.isB64Token(ok)).as(ok).isTrue();
    }
    for (String bad : new String[] {"", "=", "==", "a=b", "a b", "a,b", "a\"b", "\u00e9t\u00e9", "a\tb", "a%20"}) {
      assertThat(ResourceServerGuard.isB64Token(bad)).as(bad).isFalse();
    }
  }

  @Test
  void twoAuthorizationHeadersAreABadRequest() throws Exception {
    // The JDK client folds repeated headers, so this one is written by hand.
    String token = p.token("mcp:read");
    String body = Rpc.request(1, "tools/list", null).toString();
    try (var socket = new java.net.Socket("127.0.0.1", p.port)) {
      String req = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + p.port + "\r\nContent-Type: application/json\r\n"
          + "Accept: application/json, text/event-stream\r\nAuthorization: Bearer " + token + "\r\n"
          + "Authorization: Bearer other\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
      socket.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400");
      assertThat(answer).contains("error=\"invalid_request\"").doesNotContain(token);
    }
    assertThat(p.ran).isEmpty();
  }

  @Test
  void errorsCarryNoStackTraceOrClassName() {
    Reply r = p.client("eyJhbGciOiJFUzI1NiJ9.e30.AAAA").call(1, "whoami", null).send();
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("nimbus");
  }
}
