package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.FrameListener;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.ElicitRequestFormParams;
import dev.mcpkit.core.schema.ElicitResult;
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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 2025 upstream's request that asks for input while a 2026-07-28 client serves it: the gateway holds it between
 * the client's rounds, names itself and the held request in the input key, releases it (cancelled upstream) when no
 * retry comes, and caps how many one caller holds.
 */
class GatewayHeldCallsTest {

  static final AtomicInteger ABANDONED = new AtomicInteger();

  /** A 2025-era upstream whose {@code ask} elicits a name; an {@code ask} that ends without an answer is counted. */
  static McpHttpServer upstream() throws Exception {
    McpServer server = McpServer.builder().name("old").version("1")
        .versions(Set.of(ProtocolVersion.V2025_11_25, ProtocolVersion.V2025_06_18))
        .tool(ServerTool.of("ask", "Asks the user's name", call -> {
          boolean answered = false;
          try {
            ElicitResult r = call.elicit(ElicitRequestFormParams.of("Your name?", (ObjectNode) Json.parse(
                "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}")));
            answered = true;
            return ToolResults.text("hello " + r.content().path("name").asString());
          } finally {
            if (!answered) {
              ABANDONED.incrementAndGet(); // cancelled while waiting for the answer
            }
          }
        }))
        .build();
    return McpHttpServer.builder(server).port(0).build().start();
  }

  static McpClient client(McpHttpServer front, ClientHandlers.Elicitation handler, FrameListener frames) {
    var b = McpClient.builder().url(front.endpoint().toString()).protocolVersion(ProtocolVersion.V2026_07_28)
        .handlers(ClientHandlers.none().withElicitation(handler));
    return (frames == null ? b : b.frameListener(frames)).connect();
  }

  @Test
  void theInputKeyNamesTheInstanceAndTheHeldCallAndTheRetryContinuesIt() throws Exception {
    List<JsonNode> inputRequired = new CopyOnWriteArrayList<>();
    try (McpHttpServer up = upstream();
        Gateway gw = Gateway.builder().upstream(Upstream.http("old", up.endpoint().toString())).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = client(front, p -> new ElicitResult("accept", Json.object().put("name", "Ada"), null),
            (direction, json) -> {
              JsonNode n = Json.parse(json);
              if ("input_required".equals(n.path("result").path("resultType").asString(""))) {
                inputRequired.add(n.get("result"));
              }
            })) {
      var r = c.callTool("old__ask", Map.of());
      assertThat(((TextContent) r.content().getFirst()).text()).isEqualTo("hello Ada");
      assertThat(inputRequired).hasSize(1);
      JsonNode ir = inputRequired.getFirst();
      // gw.INSTANCE.HELD-CALL.ROUND: sealed into the requestState, which is HMAC-protected and bound to the caller
      assertThat(ir.path("inputRequests").propertyNames()).singleElement().asString()
          .matches("gw\\.[0-9a-f]{12}\\.[0-9a-f]{32}\\.1");
      assertThat(ir.path("requestState").asString()).contains(".");
      assertThat(ir.path("inputRequests").values().iterator().next().path("method").asString()).isEqualTo("elicitation/create");
    }
  }

  @Test
  void aRetryThatNeverComesReleasesTheUpstreamCall() throws Exception {
    try (McpHttpServer up = upstream();
        Gateway gw = Gateway.builder().upstream(Upstream.http("old", up.endpoint().toString()))
            .heldCalls(Duration.ofMillis(500), 8).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = client(front, p -> {
          throw new IllegalStateException("the user went away"); // so the client never retries
        }, null)) {
      int abandoned = ABANDONED.get();
      assertThatThrownBy(() -> c.callTool("old__ask", Map.of())).hasMessageContaining("the user went away");
      Awaitility.await("the held upstream call is cancelled").atMost(Duration.ofSeconds(20))
          .until(() -> ABANDONED.get() > abandoned);
    }
  }

  @Test
  void theConfigurationFileSetsTheTimeoutAndARetryAfterItIsTheDocumentedError(@TempDir Path dir) throws Exception {
    try (McpHttpServer up = upstream()) {
      Path file = Files.writeString(dir.resolve("gateway.json"), "{\"mcpServers\": {\"old\": {\"type\": \"http\","
          + " \"url\": \"" + up.endpoint() + "\"}}, \"gateway\": {\"heldCalls\": {\"timeoutMs\": 300,"
          + " \"maxPerCaller\": 2}}}");
      int abandoned = ABANDONED.get();
      try (Gateway gw = GatewayConfig.read(file).builder().build();
          McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
          McpClient c = client(front, p -> {
            // the user answers only after the configured 300 ms passed and the gateway released the held call
            Awaitility.await("the held call is released").atMost(Duration.ofSeconds(20))
                .until(() -> ABANDONED.get() > abandoned);
            return new ElicitResult("accept", Json.object().put("name", "Ada"), null);
          }, null)) {
        assertThatThrownBy(() -> c.callTool("old__ask", Map.of())).isInstanceOfSatisfying(McpRpcException.class,
            e -> {
              assertThat(e.code()).isEqualTo(-32602);
              assertThat(e.serverMessage()).contains("no longer held").contains("without requestState");
            });
      }
    }
  }

  @Test
  void aHeldCallsKeyOutOfBoundsIsAnErrorNamingItsPath(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("gateway.json"), "{\"mcpServers\": {\"a\": {\"command\": \"x\"}},"
        + " \"gateway\": {\"heldCalls\": {\"timeoutMs\": 5, \"maxPerCaller\": 0}}}");
    assertThatThrownBy(() -> GatewayConfig.read(file)).isInstanceOf(GatewayConfigException.class)
        .hasMessageContaining("/gateway/heldCalls/timeoutMs").hasMessageContaining("/gateway/heldCalls/maxPerCaller")
        .hasMessageContaining(file.toString());
  }

  @Test
  void aCallerHoldsAtMostTheCapAndTheNextOneIsAClearError() throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (McpHttpServer up = upstream();
        Gateway gw = Gateway.builder().upstream(Upstream.http("old", up.endpoint().toString()))
            .heldCalls(Duration.ofSeconds(30), 1).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = client(front, p -> {
          asked.countDown();
          try {
            release.await(20, TimeUnit.SECONDS); // the user takes a while: the upstream call stays held
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new ElicitResult("accept", Json.object().put("name", "Ada"), null);
        }, null)) {
      var first = c.callToolAsync("old__ask", Json.object(), RequestOptions.defaults());
      assertThat(asked.await(20, TimeUnit.SECONDS)).isTrue();
      int abandoned = ABANDONED.get();
      assertThatThrownBy(() -> c.callTool("old__ask", Map.of())).isInstanceOfSatisfying(McpRpcException.class, e -> {
        assertThat(e.code()).isEqualTo(-32603);
        assertThat(e.serverMessage()).contains("upstream 'old'").contains("1 requests waiting for input");
      });
      Awaitility.await("the refused call is cancelled upstream").atMost(Duration.ofSeconds(20))
          .until(() -> ABANDONED.get() > abandoned);
      release.countDown();
      assertThat(((TextContent) first.get(20, TimeUnit.SECONDS).content().getFirst()).text()).isEqualTo("hello Ada");
    }
  }

  @Test
  void aDownstreamClientWithoutTheCapabilityGetsItsErasErrorAndTheUpstreamCallEnds() throws Exception {
    try (McpHttpServer up = upstream();
        Gateway gw = Gateway.builder().upstream(Upstream.http("old", up.endpoint().toString())).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start()) {
      for (ProtocolVersion v : List.of(ProtocolVersion.V2026_07_28, ProtocolVersion.V2025_11_25)) {
        try (McpClient c = McpClient.builder().url(front.endpoint().toString()).protocolVersion(v).connect()) {
          int abandoned = ABANDONED.get();
          assertThatThrownBy(() -> c.callTool("old__ask", Map.of())).isInstanceOfSatisfying(McpRpcException.class,
              e -> {
                assertThat(e.code()).as(v.id()).isEqualTo(v == ProtocolVersion.V2026_07_28 ? -32021 : -32600);
                assertThat(e.serverMessage()).contains("elicitation");
              });
          Awaitility.await(v.id()).atMost(Duration.ofSeconds(20)).until(() -> ABANDONED.get() > abandoned);
        }
      }
    }
  }

  @Test
  void anUpstreamThatTimesOutWhileHeldIsAnErrorNamingItOnTheRetry() throws Exception {
    try (McpHttpServer up = upstream();
        Gateway gw = Gateway.builder().upstream(Upstream.builder("old", Upstreams.http("old",
            up.endpoint().toString())).timeout(Duration.ofSeconds(1)).build()).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = client(front, p -> {
          try {
            Thread.sleep(2500); // the user answers after the upstream's timeout
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new ElicitResult("accept", Json.object().put("name", "Ada"), null);
        }, null)) {
      assertThatThrownBy(() -> c.callTool("old__ask", Map.of())).isInstanceOfSatisfying(McpRpcException.class, e -> {
        assertThat(e.code()).isEqualTo(-32603);
        assertThat(e.serverMessage()).isEqualTo("upstream 'old' did not answer tools/call within 1 s");
      });
    }
  }
}
