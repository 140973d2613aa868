package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.client.ClientCredentials;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.resource.JwtValidator;
import dev.mcpkit.auth.resource.ResourceServerGuard;
import dev.mcpkit.auth.resource.SubjectToken;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.ClientRegistration;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.store.Hashes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code token_exchange} credential strategy: one authorization server (mcpkit's) that both the gateway's
 * protection and the upstream trust; the gateway exchanges each caller's token there (RFC 8693) for a token for the
 * upstream, and the upstream records every {@code Authorization} header it receives.
 */
class GatewayTokenExchangeTest {

  private static final String GATEWAY_SCOPE = "mcp:gateway";
  private static final String UPSTREAM_SCOPE = "mcp:upstream";
  private static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";

  @TempDir Path dir;

  /** The upstream's tool says which subject the upstream's own guard saw: whose token the request carried. */
  private static ServerTool whoami() {
    return ServerTool.builder("whoami").inputSchema("{\"type\":\"object\"}")
        .handler(call -> ToolResults.text(call.caller().map(Caller::subject).orElse("nobody"))).build();
  }

  private static String secret(String who) {
    return who + "-secret-0123456789";
  }

  private static ClientRegistration caller(String id, String... scopes) {
    return ClientRegistration.serviceClient(id, id, "sha256:" + Hashes.sha256(secret(id)), scopes);
  }

  private static OAuthClient callerAuth(String id, String... scopes) {
    return OAuthClient.builder().clientCredentials(ClientCredentials.secret(id, secret(id))).scopes(Set.of(scopes))
        .build();
  }

  @Test
  void eachCallersSessionPresentsItsOwnExchangedTokenNeverACallersToken() throws Exception {
    int asPort = LoopbackPorts.free();
    int upPort = LoopbackPorts.free();
    int port = LoopbackPorts.free();
    String issuer = "http://127.0.0.1:" + asPort;
    String upUrl = "http://127.0.0.1:" + upPort + "/mcp";
    String gwUrl = "http://127.0.0.1:" + port + "/mcp";
    URI endpoint = URI.create(gwUrl);
    Files.writeString(dir.resolve("gw.secret"), secret("gw") + "\n");
    ResourceServerGuard upGuard = UpstreamAuthFixtures.guard(upUrl, issuer, UPSTREAM_SCOPE);
    UpstreamAuthFixtures.Recorder recorder = new UpstreamAuthFixtures.Recorder(upGuard);
    try (AuthorizationServer as = AuthorizationServer.builder().issuer(URI.create(issuer))
            .protectedResources(List.of(ProtectedResource.of(gwUrl, GATEWAY_SCOPE, UPSTREAM_SCOPE),
                ProtectedResource.of(upUrl, UPSTREAM_SCOPE)))
            .clients(List.of(
                caller("alice", GATEWAY_SCOPE, UPSTREAM_SCOPE), caller("bob", GATEWAY_SCOPE, UPSTREAM_SCOPE),
                // carol's token does not carry the upstream's scope: the exchange is refused (never widened)
                caller("carol", GATEWAY_SCOPE),
                // the gateway's own client: it is the gateway's resource, may exchange for the upstream, and gets
                // its own client-credentials token for the shared (listing) connection
                ClientRegistration.builder("gw").name("gateway").authMethod("client_secret_basic")
                    .secretHash("sha256:" + Hashes.sha256(secret("gw"))).grantTypes(Set.of(GRANT, "client_credentials"))
                    .scopes(Set.of(UPSTREAM_SCOPE)).resource(gwUrl).exchangeTargets(Set.of(upUrl)).build()))
            .build();
        McpHttpServer up = McpHttpServer.builder(McpServer.builder().name("up").tool(whoami()).build())
            .port(upPort).guard(recorder).handler(upGuard.metadataHandler()).build().start()) {
      as.start("127.0.0.1", asPort);
      Path f = dir.resolve("gateway.json");
      Files.writeString(f, """
          {"mcpServers": {"up": {"url": "%s"}},
           "gateway": {"auth": {"issuer": "%s", "jwksUri": "%s/jwks", "resource": "%s",
                                "scopes": ["mcp:gateway", "mcp:upstream"]},
                       "servers": {"up": {"credentials": {"type": "token_exchange", "clientId": "gw",
                                                          "clientSecret": {"file": "gw.secret"}}}}}}
          """.formatted(upUrl, issuer, issuer, gwUrl));
      GatewayConfig cfg = GatewayConfig.read(f);
      OAuthClient aliceAuth = callerAuth("alice", GATEWAY_SCOPE, UPSTREAM_SCOPE);
      OAuthClient bobAuth = callerAuth("bob", GATEWAY_SCOPE, UPSTREAM_SCOPE);
      try (Gateway gw = cfg.builder().build(); GatewayProtection p = cfg.protection().orElseThrow().build(endpoint);
          McpHttpServer front = GatewayProtectionTest.serve(gw, p, port);
          McpClient alice = McpClient.builder().url(endpoint).auth(aliceAuth).connect();
          McpClient bob = McpClient.builder().url(endpoint).auth(bobAuth).connect();
          McpClient carol = McpClient.builder().url(endpoint).auth(callerAuth("carol", GATEWAY_SCOPE)).connect()) {
        assertThat(gw.upstreams()).allMatch(UpstreamStatus::available);
        // The upstream's guard saw each caller as itself: each call carried that caller's exchanged token.
        assertThat(GatewayTest.text(alice.callTool("up__whoami", Map.of()))).isEqualTo("alice");
        assertThat(GatewayTest.text(bob.callTool("up__whoami", Map.of()))).isEqualTo("bob");
        assertThat(GatewayTest.text(alice.callTool("up__whoami", Map.of()))).isEqualTo("alice");
        assertThat(GatewayTest.text(bob.callTool("up__whoami", Map.of()))).isEqualTo("bob");

        String aliceToken = aliceAuth.headers(endpoint).get("Authorization").substring("Bearer ".length());
        String bobToken = bobAuth.headers(endpoint).get("Authorization").substring("Bearer ".length());
        // (the shared connection's first request goes without a token: the upstream's 401 makes it sign in)
        List<String> seen = recorder.authorizations().stream().filter(Objects::nonNull).toList();
        assertThat(seen).isNotEmpty();
        assertThat(seen).noneMatch(h -> h.contains(aliceToken) || h.contains(bobToken));
        List<String> exchanged = new ArrayList<>();
        for (String h : seen) {
          JWTClaimsSet c = SignedJWT.parse(h.substring("Bearer ".length())).getJWTClaimsSet();
          assertThat(c.getAudience()).as("every token the upstream gets is for the upstream").containsExactly(upUrl);
          if (!c.getSubject().equals("gw")) { // not the gateway's own (shared connection) token: an exchanged one
            assertThat(c.getSubject()).isIn("alice", "bob");
            assertThat(c.getJSONObjectClaim("act")).as("the gateway acts for the caller").containsEntry("sub", "gw");
            exchanged.add(h);
          }
        }
        // one exchange per caller, kept for its session: exactly two distinct exchanged tokens
        assertThat(exchanged.stream().distinct().map(GatewayTokenExchangeTest::subject)).containsExactlyInAnyOrder(
            "alice", "bob");

        // A token the authorization server will not exchange: a clear error naming the upstream.
        assertThatThrownBy(() -> carol.callTool("up__whoami", Map.of()))
            .hasMessageContaining("upstream 'up' is unavailable: no session for this caller: no token on behalf of"
                + " this caller: its authorization server " + issuer + " refused to exchange this caller's token:"
                + " invalid_scope (").hasMessageNotContaining("Exception");
        assertThat(recorder.authorizations().stream().filter(Objects::nonNull).map(GatewayTokenExchangeTest::subject))
            .doesNotContain("carol");

        // The same gateway served without protection (as on --stdio): no caller, so no call on anyone's behalf, and
        // never the gateway's own token in a caller's place.
        try (McpHttpServer open = McpHttpServer.builder(gw.server()).port(0).build().start();
            McpClient anonymous = McpClient.builder().url(open.endpoint()).connect()) {
          assertThatThrownBy(() -> anonymous.callTool("up__whoami", Map.of()))
              .hasMessageContaining("upstream 'up' is unavailable: it is called on behalf of the caller (token"
                  + " exchange), and this request has no authenticated caller");
        }
      }
    }
  }

  private static String subject(String authorization) {
    try {
      return SignedJWT.parse(authorization.substring("Bearer ".length())).getJWTClaimsSet().getSubject();
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theCallerCarriesItsTokenOnlyWithDelegationOnAndItNeverShows() throws Exception {
    int asPort = LoopbackPorts.free();
    String issuer = "http://127.0.0.1:" + asPort;
    for (boolean delegation : List.of(false, true)) {
      int port = LoopbackPorts.free();
      String url = "http://127.0.0.1:" + port + "/mcp";
      List<Caller> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      ServerTool probe = ServerTool.builder("probe").inputSchema("{\"type\":\"object\"}").handler(call -> {
        seen.add(call.caller().orElseThrow());
        return ToolResults.text("ok");
      }).build();
      ResourceServerGuard guard = ResourceServerGuard.builder(url).authorizationServers(issuer)
          .scopesSupported(GATEWAY_SCOPE).delegation(delegation)
          .validator(JwtValidator.builder().jwks(issuer, URI.create(issuer + "/jwks")).build()).build();
      OAuthClient auth = callerAuth("alice", GATEWAY_SCOPE);
      try (AuthorizationServer as = AuthorizationServer.builder().issuer(URI.create(issuer))
              .protectedResources(List.of(ProtectedResource.of(url, GATEWAY_SCOPE)))
              .clients(List.of(caller("alice", GATEWAY_SCOPE))).build();
          McpHttpServer server = McpHttpServer.builder(McpServer.builder().name("s").tool(probe).build()).port(port)
              .guard(guard).handler(guard.metadataHandler()).build().start()) {
        as.start("127.0.0.1", asPort);
        try (McpClient c = McpClient.builder().url(url).auth(auth).connect()) {
          assertThat(GatewayTest.text(c.callTool("probe", Map.of()))).isEqualTo("ok");
        }
        String token = auth.headers(URI.create(url)).get("Authorization").substring("Bearer ".length());
        Caller caller = seen.getFirst();
        assertThat(caller.subject()).isEqualTo("alice");
        assertThat(SubjectToken.of(caller).map(SubjectToken::reveal)).as("delegation " + delegation)
            .isEqualTo(delegation ? java.util.Optional.of(token) : java.util.Optional.empty());
        assertThat(caller.toString()).doesNotContain(token);
        assertThat(Json.write(caller.claims())).doesNotContain(token);
        assertThat(Objects.toString(caller.claims().get(SubjectToken.CLAIM), "")).isIn("", "[redacted]");
      } finally {
        guard.close();
      }
    }
  }

  @Test
  void anAuthorizationServerWithoutTokenExchangeIsRefusedAtLoad() throws Exception {
    try (UpstreamAuthFixtures.MetadataOnly fake = new UpstreamAuthFixtures.MetadataOnly("client_credentials")) {
      Files.writeString(dir.resolve("s"), "secret-0123456789");
      Path f = fake.config(dir, """
          {"auth": {"issuer": "embedded"},
           "servers": {"up": {"credentials": {"type": "token_exchange", "clientId": "gw",
                                              "clientSecret": {"file": "s"}}}}}""");
      assertThatThrownBy(() -> GatewayConfig.read(f)).isInstanceOf(GatewayConfigException.class)
          .hasMessageContaining("/gateway/servers/up/credentials/type: the upstream's authorization server "
              + fake.origin + " does not support the " + GRANT + " grant");
    }
  }

  @Test
  void tokenExchangeWithoutDownstreamProtectionIsRefused() throws Exception {
    Files.writeString(dir.resolve("s"), "secret-0123456789");
    Path f = dir.resolve("gateway.json");
    Files.writeString(f, "{\"mcpServers\": {\"up\": {\"url\": \"http://127.0.0.1:1/mcp\"}}, \"gateway\": {\"servers\":"
        + " {\"up\": {\"credentials\": {\"type\": \"token_exchange\", \"clientId\": \"gw\", \"clientSecret\":"
        + " {\"file\": \"s\"}}}}}}");
    assertThatThrownBy(() -> GatewayConfig.read(f)).isInstanceOf(GatewayConfigException.class)
        .hasMessageContaining("/gateway/servers/up/credentials/type: \"token_exchange\" acts on behalf of the caller,"
            + " so it needs \"gateway.auth\"");
  }
}
