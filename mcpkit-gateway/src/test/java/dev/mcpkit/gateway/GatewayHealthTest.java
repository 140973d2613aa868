package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpClientException;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.http.McpHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code /healthz} and {@code /readyz} of {@link Gateway#healthHandler()}, mounted next to the MCP endpoint. */
class GatewayHealthTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> send(McpHttpServer front, String method, String path) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(front.endpoint().resolve(path)).timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private static McpHttpServer front(Gateway gw) throws Exception {
    return McpHttpServer.builder(gw.server()).port(0).handler(gw.healthHandler()).build().start();
  }

  @Test
  void readyNamesTheUpstreamThatIsDownAndHealthStaysUp() throws Exception {
    int closedPort = LoopbackPorts.free();
    try (McpHttpServer up = Upstreams.other();
        Gateway gw = Gateway.builder()
            .upstream(Upstream.http("down", "http://127.0.0.1:" + closedPort + "/mcp"))
            .upstream(Upstream.http("up", up.endpoint().toString()))
            .build();
        McpHttpServer front = front(gw)) {
      HttpResponse<String> health = send(front, "GET", "/healthz");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(Json.parse(health.body()).path("status").asString()).isEqualTo("up");

      HttpResponse<String> ready = send(front, "GET", "/readyz");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(Json.parse(ready.body())).isEqualTo(Json.parse(
          "{\"status\":\"unavailable\",\"unavailable\":[\"down\"]}"));
      assertThat(ready.body()).as("why it is down (its address) is not told to an unauthenticated probe")
          .doesNotContain(String.valueOf(closedPort));

      assertThat(send(front, "HEAD", "/readyz").statusCode()).isEqualTo(503);
      HttpResponse<String> post = send(front, "POST", "/readyz");
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
      assertThat(send(front, "GET", "/elsewhere").statusCode()).as("other paths are not taken").isEqualTo(404);
    }
  }

  @Test
  void readyWhenEveryUpstreamIsAvailableAndNotOnceAStdioUpstreamDied() throws Exception {
    try (McpHttpServer up = Upstreams.other();
        Gateway gw = Gateway.builder()
            .upstream(Upstream.http("up", up.endpoint().toString()))
            .upstream(Upstream.stdio("local", Upstreams.stdioArgv()))
            .build();
        McpHttpServer front = front(gw);
        McpClient c = McpClient.connect(front.endpoint().toString())) {
      HttpResponse<String> ready = send(front, "GET", "/readyz");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(Json.parse(ready.body())).isEqualTo(Json.parse("{\"status\":\"ready\",\"unavailable\":[]}"));

      assertThatThrownBy(() -> c.callTool("local__die", Map.of())).isInstanceOf(McpClientException.class);
      Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        HttpResponse<String> after = send(front, "GET", "/readyz");
        assertThat(after.statusCode()).isEqualTo(503);
        assertThat(Json.parse(after.body()).path("unavailable")).isEqualTo(Json.parse("[\"local\"]"));
      });
      assertThat(gw.upstreams()).extracting(UpstreamStatus::available).containsExactly(true, false);
      assertThat(send(front, "GET", "/healthz").statusCode()).isEqualTo(200);
    }
  }
}
