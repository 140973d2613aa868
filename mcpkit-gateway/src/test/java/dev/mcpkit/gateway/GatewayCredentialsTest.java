package dev.mcpkit.gateway;

import static dev.mcpkit.gateway.UpstreamAuthFixtures.guard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.client.ClientCredentials;
import dev.mcpkit.auth.client.CredentialStore;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.resource.ResourceServerGuard;
import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.ClientRegistration;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.auth.AuthChallenge;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.gateway.UpstreamAuthFixtures.MetadataOnly;
import dev.mcpkit.gateway.UpstreamAuthFixtures.Recorder;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.store.Hashes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-upstream credential strategies ({@code gateway.servers.<name>.credentials}) behind a protected gateway: each
 * upstream records every header of every request it receives; none ever sees the caller's token, and each gets its
 * strategy's credential instead.
 */
class GatewayCredentialsTest {

  private static final String UPSTREAM_SCOPE = "mcp:upstream";

  @TempDir Path dir;

  private static McpHttpServer upstream(String who, int port, Recorder recorder, ResourceServerGuard guard)
      throws Exception {
    McpHttpServer.Builder b = McpHttpServer.builder(McpServer.builder().name(who).tool(Upstreams.echo(who)).build())
        .port(port).guard(recorder);
    if (guard != null) {
      b.handler(guard.metadataHandler());
    }
    return b.build().start();
  }

  @Test
  void noUpstreamEverSeesTheCallersTokenAndEachGetsItsStrategysCredential() throws Exception {
    int asPort = LoopbackPorts.free();
    int ccPort = LoopbackPorts.free();
    int loginPort = LoopbackPorts.free();
    int port = LoopbackPorts.free();
    String issuer = "http://127.0.0.1:" + asPort;
    String ccUrl = "http://127.0.0.1:" + ccPort + "/mcp";
    String loginUrl = "http://127.0.0.1:" + loginPort + "/mcp";
    URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
    Files.writeString(dir.resolve("static.token"), "static-token-0123456789\n");
    Files.writeString(dir.resolve("api.key"), "api-key-9876543210");
    Files.writeString(dir.resolve("gw.secret"), "gw-secret-0123456789");
    Recorder plain = new Recorder(null);
    Recorder fixed = new Recorder(null);
    Recorder cc = new Recorder(guard(ccUrl, issuer, UPSTREAM_SCOPE));
    Recorder login = new Recorder(guard(loginUrl, issuer, UPSTREAM_SCOPE));
    try (AuthorizationServer as = AuthorizationServer.builder().issuer(URI.create(issuer))
            .clients(List.of(ClientRegistration.serviceClient("gw", "gateway", "sha256:"
                + Hashes.sha256("gw-secret-0123456789"), UPSTREAM_SCOPE), ClientRegistration.serviceClient("operator",
                "operator", "sha256:" + Hashes.sha256("op-secret-0123456789"), UPSTREAM_SCOPE)))
            .protectedResources(List.of(ProtectedResource.of(ccUrl, UPSTREAM_SCOPE),
                ProtectedResource.of(loginUrl, UPSTREAM_SCOPE)))
            .build();
        McpHttpServer plainUp = upstream("plain", 0, plain, null);
        McpHttpServer fixedUp = upstream("fixed", 0, fixed, null);
        McpHttpServer ccUp = upstream("cc", ccPort, cc, guard(ccUrl, issuer, UPSTREAM_SCOPE));
        McpHttpServer loginUp = upstream("login", loginPort, login, guard(loginUrl, issuer, UPSTREAM_SCOPE))) {
      as.start("127.0.0.1", asPort);
      // The operator's sign-in, once, into the token store the login strategy reads.
      Path store = dir.resolve("credentials.json");
      try (OAuthClient operator = OAuthClient.builder().store(CredentialStore.file(store))
          .clientCredentials(ClientCredentials.secret("operator", "op-secret-0123456789")).build()) {
        assertThat(operator.onChallenge(new AuthChallenge(401, URI.create(loginUrl), List.of("Bearer")))).isTrue();
      }
      String operatorToken = OAuthClient.builder().store(CredentialStore.file(store)).build()
          .grant(URI.create(loginUrl)).orElseThrow().accessToken();
      Path f = dir.resolve("gateway.json");
      Files.writeString(f, """
          {"mcpServers": {
             "plain": {"url": "%s"}, "fixed": {"url": "%s"}, "cc": {"url": "%s"}, "login": {"url": "%s"}},
           "gateway": {"auth": {"issuer": "embedded"}, "servers": {
             "fixed": {"credentials": {"type": "static", "bearer": {"file": "static.token"},
                                       "headers": {"X-Api-Key": {"file": "api.key"}}}},
             "cc": {"credentials": {"type": "client_credentials", "clientId": "gw", "clientSecret": {"file": "gw.secret"}}},
             "login": {"credentials": {"type": "login", "store": "credentials.json"}}}}}
          """.formatted(plainUp.endpoint(), fixedUp.endpoint(), ccUrl, loginUrl));
      GatewayConfig cfg = GatewayConfig.read(f);
      try (Gateway gw = cfg.builder().build(); GatewayProtection p = cfg.protection().orElseThrow().build(endpoint);
          McpHttpServer front = GatewayProtectionTest.serve(gw, p, port);
          OAuthClient callerAuth = OAuthClient.builder().clientCredentials(
              ClientCredentials.secret(GatewayProtection.SERVICE_CLIENT, p.serviceSecret())).build();
          McpClient caller = McpClient.builder().url(endpoint).auth(callerAuth).connect()) {
        assertThat(gw.upstreams()).allMatch(UpstreamStatus::available);
        for (String who : List.of("plain", "fixed", "cc", "login")) {
          assertThat(GatewayTest.text(caller.callTool(who + "__echo", Map.of("text", "x")))).isEqualTo(who + ": x");
        }
        String callerToken = callerAuth.headers(endpoint).get("Authorization").substring("Bearer ".length());
        assertThat(callerToken).isNotBlank();

        List<Map<String, String>> all = new ArrayList<>();
        for (Recorder r : List.of(plain, fixed, cc, login)) {
          assertThat(r.seen).isNotEmpty();
          all.addAll(r.seen);
        }
        assertThat(all).allSatisfy(headers -> assertThat(headers.values())
            .noneMatch(v -> v.contains(callerToken)));
        assertThat(plain.authorizations()).containsOnlyNulls();
        assertThat(fixed.authorizations()).containsOnly("Bearer static-token-0123456789");
        assertThat(fixed.seen).allSatisfy(h -> assertThat(h.get("x-api-key")).isEqualTo("api-key-9876543210"));
        String ccToken = cc.authorizations().getLast().substring("Bearer ".length());
        assertThat(SignedJWT.parse(ccToken).getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("gw");
        assertThat(SignedJWT.parse(ccToken).getJWTClaimsSet().getAudience()).containsExactly(ccUrl);
        assertThat(login.authorizations().getLast()).isEqualTo("Bearer " + operatorToken);
      }
    }
  }

  @Test
  void aStrategyTheUpstreamsAuthorizationServerCannotServeIsRefusedAtLoad() throws Exception {
    try (MetadataOnly fake = new MetadataOnly("authorization_code")) {
      Files.writeString(dir.resolve("s"), "secret-0123456789");
      Path f = fake.config(dir, """
          {"servers": {"up": {"credentials": {"type": "client_credentials", "clientId": "gw",
                                              "clientSecret": {"file": "s"}}}}}""");
      assertThatThrownBy(() -> GatewayConfig.read(f)).isInstanceOf(GatewayConfigException.class)
          .hasMessageContaining("/gateway/servers/up/credentials/type: the upstream's authorization server "
              + fake.origin + " does not support the client_credentials grant");
    }
  }

  @Test
  void aSecretWrittenInTheFileItselfIsRefusedWithItsPath() throws Exception {
    Map<String, String> cases = Map.of(
        "{\"type\": \"static\", \"bearer\": \"sk-live-0123456789\"}", "/gateway/servers/up/credentials/bearer",
        "{\"type\": \"static\", \"headers\": {\"X-Api-Key\": \"sk-live-0123456789\"}}",
        "/gateway/servers/up/credentials/headers/X-Api-Key",
        "{\"type\": \"client_credentials\", \"clientId\": \"gw\", \"clientSecret\": \"sk-live-0123456789\"}",
        "/gateway/servers/up/credentials/clientSecret",
        "{\"type\": \"static\", \"bearer\": {\"env\": \"MCPKIT_TEST_SURELY_UNSET_VARIABLE\"}}",
        "/gateway/servers/up/credentials/bearer/env: the environment variable MCPKIT_TEST_SURELY_UNSET_VARIABLE is"
            + " not set",
        "{\"type\": \"static\", \"env\": {\"TOKEN\": {\"file\": \"t\"}}}",
        "/gateway/servers/up/credentials: an HTTP server takes its secrets as \"headers\" or \"bearer\", not env");
    Files.writeString(dir.resolve("t"), "0123456789");
    for (var e : cases.entrySet()) {
      Path f = dir.resolve("gateway.json");
      Files.writeString(f, "{\"mcpServers\": {\"up\": {\"url\": \"http://127.0.0.1:1/mcp\"}}, \"gateway\":"
          + " {\"servers\": {\"up\": {\"credentials\": " + e.getKey() + "}}}}");
      assertThatThrownBy(() -> GatewayConfig.read(f)).as(e.getKey()).isInstanceOf(GatewayConfigException.class)
          .hasMessageContaining(e.getValue()).hasMessageNotContaining("sk-live");
    }
  }
}
