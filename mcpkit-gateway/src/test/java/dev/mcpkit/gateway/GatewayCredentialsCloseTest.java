package dev.mcpkit.gateway;

import static dev.mcpkit.gateway.UpstreamAuthFixtures.guard;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.AuthorizationServer;
import dev.mcpkit.auth.server.ClientRegistration;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.store.Hashes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream's OAuth credential strategy holds mcpkit-auth's OAuth client (Jetty HTTP clients whose threads are
 * named {@code mcpkit-oauth-client}): the gateway ends them when it closes and when a reload drops the upstream.
 */
class GatewayCredentialsCloseTest {

  private static final String SCOPE = "mcp:upstream";

  @TempDir Path dir;

  /** Live threads of mcpkit-auth's OAuth HTTP clients, in this JVM. */
  private static long oauthThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("mcpkit-oauth-client")).count();
  }

  @Test
  void closingTheGatewayOrDroppingTheUpstreamEndsItsOAuthClient() throws Exception {
    int asPort = LoopbackPorts.free();
    int ccPort = LoopbackPorts.free();
    String issuer = "http://127.0.0.1:" + asPort;
    String ccUrl = "http://127.0.0.1:" + ccPort + "/mcp";
    Files.writeString(dir.resolve("gw.secret"), "gw-secret-0123456789");
    try (AuthorizationServer as = AuthorizationServer.builder().issuer(URI.create(issuer))
            .clients(List.of(ClientRegistration.serviceClient("gw", "gateway", "sha256:"
                + Hashes.sha256("gw-secret-0123456789"), SCOPE)))
            .protectedResources(List.of(ProtectedResource.of(ccUrl, SCOPE))).build();
        McpHttpServer plainUp = McpHttpServer.builder(McpServer.builder().name("plain").tool(Upstreams.echo("plain"))
            .build()).port(0).build().start();
        McpHttpServer ccUp = McpHttpServer.builder(McpServer.builder().name("cc").tool(Upstreams.echo("cc")).build())
            .port(ccPort).guard(guard(ccUrl, issuer, SCOPE)).handler(guard(ccUrl, issuer, SCOPE).metadataHandler())
            .build().start()) {
      as.start("127.0.0.1", asPort);
      Path f = Files.writeString(dir.resolve("gateway.json"), """
          {"mcpServers": {"plain": {"url": "%s"}, "cc": {"url": "%s"}},
           "gateway": {"servers": {"cc": {"credentials": {"type": "client_credentials", "clientId": "gw",
                                                           "clientSecret": {"file": "gw.secret"}}}}}}
          """.formatted(plainUp.endpoint(), ccUrl));
      long before = oauthThreads();

      // closing the gateway
      GatewayConfig cfg = GatewayConfig.read(f);
      try (Gateway gw = Gateway.builder().upstreams(cfg.upstreams()).build()) {
        assertThat(gw.upstreams()).allMatch(UpstreamStatus::available); // cc listed with its client's token
        assertThat(oauthThreads()).isGreaterThan(before);
      }
      Awaitility.await("the OAuth client's threads end with the gateway").atMost(Duration.ofSeconds(20))
          .until(() -> oauthThreads() <= before);

      // a reload that drops the upstream
      cfg = GatewayConfig.read(f);
      try (Gateway gw = Gateway.builder().upstreams(cfg.upstreams()).build()) {
        assertThat(gw.upstreams()).allMatch(UpstreamStatus::available);
        assertThat(oauthThreads()).isGreaterThan(before);
        gw.reload(cfg.upstreams().stream().filter(u -> u.name().equals("plain")).toList());
        Awaitility.await("the dropped upstream's OAuth client's threads end").atMost(Duration.ofSeconds(20))
            .until(() -> oauthThreads() <= before);
        assertThat(gw.upstreams()).extracting(UpstreamStatus::name).containsExactly("plain");
      }
    }
  }
}
