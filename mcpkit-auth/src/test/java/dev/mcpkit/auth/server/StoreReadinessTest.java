package dev.mcpkit.auth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.store.RedisServer;
import dev.mcpkit.store.redis.RedisStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code /readyz} of an MCP server with the authorization server mounted on a Redis store, as {@code mcpkit
 * up --store redis://...} runs it: 503 naming the store while a real redis-server is stopped, 200 when it is back.
 */
class StoreReadinessTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readyzFollowsTheRedisStore() throws Exception {
    try (RedisServer redis = RedisServer.throwaway(); RedisStore store = RedisStore.connect(redis.uri())) {
      int port = LoopbackPorts.free();
      AuthorizationServer as = AuthorizationServer.builder().issuer(URI.create("http://127.0.0.1:" + port + "/auth"))
          .store(store).build();
      try (McpHttpServer server = McpHttpServer.builder(McpServer.builder().name("t").version("1").build())
          .port(port).handler(as.handler()).readiness(as.readiness()).build().start()) {
        URI readyz = URI.create("http://127.0.0.1:" + port + "/readyz");
        assertThat(get(readyz).statusCode()).isEqualTo(200);

        redis.stop();
        HttpResponse<String> down = get(readyz);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"status\":\"unavailable\",\"unavailable\":[\"store\"]}");
        assertThat(get(URI.create("http://127.0.0.1:" + port + "/healthz")).statusCode()).isEqualTo(200);

        redis.start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
            .until(() -> get(readyz).statusCode() == 200);
      } finally {
        as.close();
      }
    }
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
