package dev.mcpkit.auth.resource;

import static dev.mcpkit.auth.server.testing.TestAuthServer.BASIC;
import static dev.mcpkit.auth.server.testing.TestAuthServer.MCP_SERVER;
import static dev.mcpkit.auth.server.testing.TestAuthServer.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.DocServer;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.MutableClock;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 7662 introspection against the real authorization server (the resource server authenticates as the
 * confidential client {@code mcp-server}), and against a scripted endpoint to pin caching and failure handling.
 */
class IntrospectionTest {

  private static ProtectedMcp introspecting(Duration cacheTtl) {
    return new ProtectedMcp(b -> b, p -> IntrospectionValidator.builder(URI.create(p.as.endpoint("/introspect")),
        MCP_SERVER, SECRET).cacheTtl(cacheTtl).build());
  }

  private static String text(Reply r) {
    return r.result().path("content").get(0).path("text").asString();
  }

  @Test
  void activeTokensAreAccepted() {
    try (ProtectedMcp p = introspecting(Duration.ofSeconds(30))) {
      assertThat(text(p.client(p.token("mcp:read")).call(1, "whoami", null).send()))
          .isEqualTo("basic-client|basic-client|mcp:read");
      assertThat(text(p.client(p.aliceTokens("mcp:read mcp:write")[0]).call(2, "whoami", null).send()))
          .isEqualTo("alice|public-client|mcp:read mcp:write");
      assertThat(p.client(p.token("mcp:read")).call(3, "write", null).send().status()).isEqualTo(403);
    }
  }

  @Test
  @DisplayName("SEC-RS-09 active:false is 401; an unreachable or failing endpoint fails closed with 503")
  void SEC_RS_09_inactiveAndUnreachable() {
    try (ProtectedMcp p = introspecting(Duration.ofSeconds(30))) {
      Reply r = p.client("opaque-token-the-as-never-issued").call(1, "whoami", null).send();
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
          .startsWith("Bearer error=\"invalid_token\", error_description=\"The access token is not active\"");
    }
    int closed = LoopbackPorts.free();
    try (ProtectedMcp p = new ProtectedMcp(b -> b, x -> IntrospectionValidator.builder(URI.create("http://127.0.0.1:"
        + closed + "/introspect"), MCP_SERVER, SECRET).build())) {
      Reply r = p.client(p.token("mcp:read")).call(1, "whoami", null).send();
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(p.ran).isEmpty();
    }
    // wrong resource-server credentials: the AS refuses to introspect, and so the guard refuses the request
    try (ProtectedMcp p = new ProtectedMcp(b -> b, x -> IntrospectionValidator.builder(URI.create(x.as.endpoint(
        "/introspect")), MCP_SERVER, "wrong-secret").build())) {
      assertThat(p.client(p.token("mcp:read")).call(1, "whoami", null).send().status()).isEqualTo(503);
      assertThat(p.ran).isEmpty();
    }
  }

  @Test
  @DisplayName("SEC-RS-10 a revoked token is refused once the cache entry ends (the documented bound)")
  void SEC_RS_10_revocationWithinTheCacheTtl() {
    try (ProtectedMcp p = introspecting(Duration.ofSeconds(30)); HttpUser u = new HttpUser()) {
      String token = p.token("mcp:read");
      HttpTestClient c = p.client(token);
      assertThat(c.call(1, "whoami", null).send().status()).isEqualTo(200);
      assertThat(u.post(p.as.endpoint("/revoke"), Map.of("token", token),
          Map.of("Authorization", TestAuthServer.basic(BASIC, SECRET))).status()).isEqualTo(200);
      assertThat(c.call(2, "whoami", null).send().status()).as("still cached").isEqualTo(200);
      p.as.clock.advance(Duration.ofSeconds(31));
      Reply r = c.call(3, "whoami", null).send();
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("The access token is not active");
    }
    try (ProtectedMcp p = introspecting(Duration.ZERO); HttpUser u = new HttpUser()) {
      String token = p.token("mcp:read");
      assertThat(p.client(token).call(1, "whoami", null).send().status()).isEqualTo(200);
      u.post(p.as.endpoint("/revoke"), Map.of("token", token), Map.of("Authorization", TestAuthServer.basic(BASIC,
          SECRET)));
      assertThat(p.client(token).call(2, "whoami", null).send().status()).as("no cache: at once").isEqualTo(401);
    }
  }

  @Test
  void aRefreshTokenOrAnotherResourcesTokenIsNotAnAccessTokenForUs() {
    try (ProtectedMcp p = introspecting(Duration.ofSeconds(30))) {
      String refresh = p.aliceTokens("mcp:read")[1];
      assertThat(refresh).isNotNull();
      Reply r = p.client(refresh).call(1, "whoami", null).send();
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("The token is not an access token");
      String other = p.clientCredentials(BASIC, "files:read", TestAuthServer.DOWNSTREAM);
      assertThat(p.client(other).call(2, "whoami", null).send().headers().firstValue("WWW-Authenticate")
          .orElseThrow()).contains("The access token was not issued for this resource");
      assertThat(p.ran).isEmpty();
    }
  }

  /** A protected server whose introspection endpoint is scripted. */
  private record Scripted(DocServer endpoint, MutableClock clock, McpHttpServer http, ResourceServerGuard guard,
      HttpTestClient client) implements AutoCloseable {

    static Scripted start(Duration cacheTtl) throws Exception {
      DocServer endpoint = new DocServer();
      MutableClock clock = new MutableClock();
      int port = LoopbackPorts.free();
      ResourceServerGuard guard = ResourceServerGuard.builder("http://127.0.0.1:" + port + "/mcp")
          .authorizationServers("https://as.test").clock(clock).validator(IntrospectionValidator.builder(
              URI.create(endpoint.url("/introspect")), "rs", "rs-secret").cacheTtl(cacheTtl).build()).build();
      McpHttpServer http = McpHttpServer.builder(McpServer.builder().tool(ServerTool.builder("t")
          .handler(c -> ToolResults.text(c.caller().orElseThrow().subject())).build()).build())
          .port(port).guard(guard).build().start();
      return new Scripted(endpoint, clock, http, guard, new HttpTestClient(http));
    }

    void answer(String json) {
      endpoint.put("/introspect", DocServer.Doc.json(json));
    }

    String active(long exp) {
      return "{\"active\":true,\"sub\":\"u\",\"client_id\":\"app\",\"aud\":\"http://127.0.0.1:" + http.port()
          + "/mcp\",\"iss\":\"https://as.test\",\"scope\":\"a b\",\"exp\":" + exp + "}";
    }

    int status(String token) {
      return client.call(1, "t", null).header("Authorization", "Bearer " + token).send().status();
    }

    @Override
    public void close() {
      client.close();
      http.close();
      guard.close();
      endpoint.close();
    }
  }

  @Test
  void answersAreCachedByTokenHashButNeverPastExpiry() throws Exception {
    try (Scripted s = Scripted.start(Duration.ofSeconds(60))) {
      long exp = s.clock.instant().plusSeconds(5).getEpochSecond();
      s.answer(s.active(exp));
      assertThat(s.status("token-one")).isEqualTo(200);
      assertThat(s.status("token-one")).isEqualTo(200);
      assertThat(s.endpoint.hits("/introspect")).isEqualTo(1);
      assertThat(s.status("token-two")).isEqualTo(200);
      assertThat(s.endpoint.hits("/introspect")).isEqualTo(2);
      s.clock.advance(Duration.ofSeconds(40)); // past exp (and its skew), well within the cache TTL
      assertThat(s.status("token-one")).isEqualTo(401);
      assertThat(s.endpoint.hits("/introspect")).as("asked again, not served from the cache").isEqualTo(3);
      // the resource server sent its own credentials and the token only in the form body
      DocServer.Seen seen = s.endpoint.requests().getFirst();
      assertThat(seen.method()).isEqualTo("POST");
      assertThat(seen.target()).isEqualTo("/introspect");
      assertThat(seen.authorization()).isEqualTo(TestAuthServer.basic("rs", "rs-secret"));
      assertThat(seen.body()).contains("token=token-one").contains("token_type_hint=access_token");
    }
  }

  @Test
  void failuresAreNeverCachedAndOddAnswersFailClosed() throws Exception {
    try (Scripted s = Scripted.start(Duration.ofSeconds(60))) {
      s.endpoint.put("/introspect", new DocServer.Doc(500, "application/json", null, "{}", null, 0));
      assertThat(s.status("t1")).isEqualTo(503);
      s.answer("not json");
      assertThat(s.status("t1")).isEqualTo(503);
      s.answer("[1,2]");
      assertThat(s.status("t1")).isEqualTo(503);
      s.answer("{\"active\":\"true\",\"sub\":\"u\"}");
      assertThat(s.status("t1")).as("active must be the boolean true").isEqualTo(401);
      s.answer(s.active(s.clock.instant().plusSeconds(300).getEpochSecond()));
      assertThat(s.status("t2")).isEqualTo(200);
      s.answer(s.active(s.clock.instant().plusSeconds(300).getEpochSecond()).replace("\"https://as.test\"",
          "\"https://evil.test\""));
      assertThat(s.status("t3")).as("an issuer the resource does not trust").isEqualTo(401);
    }
  }
  /**
   * An exp that is no time (beyond 64 bits, 1e400, beyond any clock, not a number) is a malformed answer: 401
   * invalid_token naming exp, never a 500 from a Jackson or date-time exception, and never a token taken as one
   * that does not expire. A fraction of a second is a valid NumericDate (RFC 7519 §2).
   */
  @ParameterizedTest(name = "exp: {0}")
  @ValueSource(strings = {"1e400", "-1e400", "18446744073709551616", "9223372036854775807", "-9223372036854775808",
      "31556889864403199", "{}", "[1]", "\"1700000000\"", "true"})
  void anExpThatIsNoTimeIsRefusedAsInvalid(String exp) throws Exception {
    try (Scripted s = Scripted.start(Duration.ofSeconds(60))) {
      s.answer(s.active(0).replace("\"exp\":0", "\"exp\":" + exp));
      Reply r = s.client.call(1, "t", null).header("Authorization", "Bearer t").send();
      assertThat(r.status()).as(r.body()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("error=\"invalid_token\"").contains("no valid exp");
    }
  }

  @Test
  void aFractionalExpIsAValidNumericDate() throws Exception {
    try (Scripted s = Scripted.start(Duration.ofSeconds(60))) {
      long exp = s.clock.instant().plusSeconds(300).getEpochSecond();
      s.answer(s.active(0).replace("\"exp\":0", "\"exp\":" + exp + ".5"));
      assertThat(s.status("t1")).isEqualTo(200);
      s.answer(s.active(0).replace("\"exp\":0", "\"exp\":" + (exp - 600) + ".5"));
      assertThat(s.status("t2")).as("expired").isEqualTo(401);
    }
  }
}
