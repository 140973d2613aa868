package dev.mcpkit.auth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.http.McpHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The authorization server's per-address limits (here: registrations per minute), mounted in an MCP server
 * as {@code mcpkit up} does, count the client a trusted proxy names, and the real peer when the header comes from
 * anyone else.
 */
class ProxiedAddressLimitsTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void registrationLimitCountsForwardedClientsBehindATrustedProxy() throws Exception {
    try (Running r = new Running("127.0.0.1")) {
      assertThat(register(r, "198.51.100.1")).isEqualTo(400); // counted, refused as not JSON
      assertThat(register(r, "198.51.100.1")).isEqualTo(429); // that client's one registration a minute is used
      assertThat(register(r, "198.51.100.2")).isEqualTo(400); // another client behind the same proxy is not
    }
  }

  @Test
  void registrationLimitIgnoresForwardedForFromUntrustedPeers() throws Exception {
    try (Running r = new Running("10.0.0.1")) {
      assertThat(register(r, "198.51.100.1")).isEqualTo(400);
      assertThat(register(r, "198.51.100.2")).isEqualTo(429); // a spoofed header does not buy a new budget
    }
  }

  private int register(Running r, String forwardedFor) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(r.issuer + "/register")).timeout(Duration.ofSeconds(15))
        .header("Content-Type", "text/plain").header("X-Forwarded-For", forwardedFor)
        .POST(HttpRequest.BodyPublishers.ofString("not json")).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  /** An MCP server with the authorization server mounted, trusting {@code proxy}. */
  private static final class Running implements AutoCloseable {
    final String issuer;
    final AuthorizationServer as;
    final McpHttpServer server;

    Running(String proxy) throws Exception {
      int port = LoopbackPorts.free();
      issuer = "http://127.0.0.1:" + port + "/auth";
      as = AuthorizationServer.builder().issuer(URI.create(issuer)).dynamicRegistration(true, 1).build();
      server = McpHttpServer.builder(McpServer.builder().name("t").version("1").build()).port(port)
          .trustedProxies(proxy).handler(as.handler()).build().start();
    }

    @Override
    public void close() {
      server.close();
      as.close();
    }
  }
}
