package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Per-upstream timeouts and concurrency limits, the call log (one JSON line per routed request on the logger {@code
 * dev.mcpkit.gateway.calls}, never arguments or results), and their configuration keys.
 */
class GatewayCallLogTest {

  private final ch.qos.logback.classic.Logger calls =
      (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.mcpkit.gateway.calls");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Level before;

  @BeforeEach
  void capture() {
    before = calls.getLevel();
    calls.setLevel(Level.INFO); // the test configuration logs WARN and above; operators turn this logger on
    lines.start();
    calls.addAppender(lines);
  }

  @AfterEach
  void release() {
    calls.detachAppender(lines);
    calls.setLevel(before);
  }

  private List<JsonNode> logged() {
    return lines.list.stream().map(e -> Json.parse(e.getFormattedMessage())).toList();
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().getFirst()).text();
  }

  @Test
  void eachRoutedCallIsOneJsonLineWithoutArgumentsOrResults() throws Exception {
    McpServer up = McpServer.builder().name("calc")
        .tool(ServerTool.of("secret", "answers a secret", call -> ToolResults.text("result-s3cr3t")))
        .tool(ServerTool.of("fails", "an isError result", call -> ToolResults.error("no")))
        .build();
    try (McpHttpServer remote = Upstreams.remote(); McpHttpServer calc = McpHttpServer.builder(up).port(0).build()
            .start();
        Gateway gw = Gateway.builder().upstream(Upstream.http("calc", calc.endpoint().toString()))
            .upstream(Upstream.builder("remote", Upstreams.http("remote", remote.endpoint().toString()))
                .timeout(Duration.ofSeconds(1)).build()).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = McpClient.connect(front.endpoint().toString())) {
      assertThat(text(c.callTool("calc__secret", Map.of("password", "arg-s3cr3t")))).isEqualTo("result-s3cr3t");
      assertThat(c.callTool("calc__fails", Map.of()).isError()).isTrue();
      assertThatThrownBy(() -> c.callTool("remote__hang", Map.of())).as("the upstream's timeout")
          .isInstanceOfSatisfying(McpRpcException.class, e -> assertThat(e.serverMessage())
              .isEqualTo("upstream 'remote' did not answer tools/call within 1 s"));
      assertThat(c.readResource("remote://items/7").contents()).hasSize(1);
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lines.list.size() >= 4);
      List<JsonNode> log = logged();
      assertThat(log).hasSize(4);
      assertThat(log.get(0).propertyNames()).containsExactly("caller", "upstream", "method", "name", "outcome",
          "durationMs");
      assertThat(log.get(0)).isEqualTo(Json.parse("{\"caller\":\"anonymous\",\"upstream\":\"calc\",\"method\":"
          + "\"tools/call\",\"name\":\"secret\",\"outcome\":\"ok\",\"durationMs\":" + log.get(0).path("durationMs")
          + "}"));
      assertThat(log.get(1).path("outcome").asString()).isEqualTo("tool-error");
      JsonNode timedOut = log.get(2);
      assertThat(timedOut.path("upstream").asString()).isEqualTo("remote");
      assertThat(timedOut.path("name").asString()).isEqualTo("hang");
      assertThat(timedOut.path("outcome").asString()).isEqualTo("error");
      assertThat(timedOut.path("code").asInt()).isEqualTo(-32603);
      assertThat(timedOut.path("durationMs").asLong()).isGreaterThanOrEqualTo(1000);
      assertThat(log.get(3).path("method").asString()).isEqualTo("resources/read");
      assertThat(log.get(3).path("name").asString()).isEqualTo("remote://items/7");
      assertThat(lines.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("s3cr3t")
          .doesNotContain("\n"));
    }
  }

  @Test
  void callsBeyondTheConcurrencyLimitWaitThenGetAnErrorNamingTheUpstream() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    McpServer up = McpServer.builder().name("slow").tool(ServerTool.of("wait", "waits for the test", call -> {
      entered.countDown();
      release.await(30, TimeUnit.SECONDS);
      return ToolResults.text("done");
    })).build();
    try (McpHttpServer slow = McpHttpServer.builder(up).port(0).build().start();
        Gateway gw = Gateway.builder().upstream(Upstream.builder("slow", Upstreams.http("slow",
            slow.endpoint().toString())).resilience(Resilience.builder().concurrency(1, Duration.ofMillis(200))
            .build()).build()).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = McpClient.connect(front.endpoint().toString())) {
      CompletableFuture<CallToolResult> first = c.callToolAsync("slow__wait", Json.object(), RequestOptions.defaults());
      assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> c.callTool("slow__wait", Map.of())).isInstanceOfSatisfying(McpRpcException.class,
          e -> {
            assertThat(e.code()).isEqualTo(-32603);
            assertThat(e.serverMessage()).isEqualTo("upstream 'slow' is busy: it already has 1 requests in progress"
                + " (its limit) and none ended within 0.2 s");
            assertThat(e.data().path("upstream").asString()).isEqualTo("slow");
          });
      // a call that waits for its turn runs once the one in progress ends
      CompletableFuture<CallToolResult> queued = c.callToolAsync("slow__wait", Json.object(), RequestOptions.defaults());
      release.countDown();
      assertThat(text(first.get(20, TimeUnit.SECONDS))).isEqualTo("done");
      try {
        assertThat(text(queued.get(20, TimeUnit.SECONDS))).isEqualTo("done");
      } catch (java.util.concurrent.ExecutionException e) { // it may have waited past 0.2 s: then it says so
        assertThat(((McpRpcException) e.getCause()).serverMessage()).startsWith("upstream 'slow' is busy");
      }
      assertThat(logged().stream().map(l -> l.path("code").asInt(0)).toList()).contains(-32603);
    }
  }

  @Test
  void theOperationsKeysAreReadFromTheFileAndCheckedWithTheirPath(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gateway.json");
    Files.writeString(file, """
        {"mcpServers": {"a": {"command": "x"}, "b": {"url": "http://127.0.0.1:1/mcp"}},
         "gateway": {"whenDown": "error", "retry": {"firstMs": 200, "maxMs": 5000},
                     "concurrency": {"max": 8},
                     "servers": {"a": {"whenDown": "hide", "crashLoop": {"failures": 2, "windowMs": 10000},
                                       "concurrency": {"waitMs": 0}}}}}
        """);
    GatewayConfig config = GatewayConfig.read(file);
    Resilience a = config.upstreams().get(0).resilience();
    Resilience b = config.upstreams().get(1).resilience();
    assertThat(a).isEqualTo(Resilience.builder().whenDown(Resilience.WhenDown.HIDE)
        .retry(Duration.ofMillis(200), Duration.ofSeconds(5)).crashLoop(2, Duration.ofSeconds(10))
        .concurrency(8, Duration.ZERO).build());
    assertThat(b).isEqualTo(Resilience.builder().whenDown(Resilience.WhenDown.ERROR)
        .retry(Duration.ofMillis(200), Duration.ofSeconds(5)).concurrency(8, Duration.ofSeconds(5)).build());
    Files.writeString(file, "{\"mcpServers\": {\"a\": {\"command\": \"x\"}}, \"gateway\": {\"servers\": {\"a\":"
        + " {\"concurrency\": {\"max\": 0}}}}}");
    assertThatThrownBy(() -> GatewayConfig.read(file)).isInstanceOf(GatewayConfigException.class)
        .hasMessageContaining("/gateway/servers/a/concurrency/max: ");
    Files.writeString(file, "{\"mcpServers\": {\"a\": {\"command\": \"x\"}}, \"gateway\": {\"whenDown\": \"drop\"}}");
    assertThatThrownBy(() -> GatewayConfig.read(file)).isInstanceOf(GatewayConfigException.class)
        .hasMessageContaining("/gateway/whenDown: ");
  }
}
