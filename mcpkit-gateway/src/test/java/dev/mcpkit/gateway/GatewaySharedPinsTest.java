package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.guard.GuardInterceptor.PinMode;
import dev.mcpkit.guard.PinStore;
import dev.mcpkit.guard.Pins;
import dev.mcpkit.guard.ServerSurface;
import dev.mcpkit.guard.StorePins;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.store.RedisPair;
import dev.mcpkit.store.RedisServer;
import dev.mcpkit.store.Store;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances whose guard keeps its pins in one real redis-server ("where several gateway
 * instances share a store, pins live in the store"), each with its own Redis connection, in front of one upstream on
 * 127.0.0.1: a gateway started after a rug pull compares with what the first one trusted, an approval in the store
 * is served again by both without a restart, and a Redis that stops answering refuses calls and fails a start.
 */
class GatewaySharedPinsTest {

  @AutoClose private final RedisPair pair = RedisPair.start(); // each test its own Redis, stopped after it
  private final RedisServer redis = pair.redis();
  private final Store storeA = pair.a();
  private final Store storeB = pair.b();

  private static ServerTool add(String description) {
    return ServerTool.builder("add").description(description)
        .inputSchema("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"}}}")
        .handler(c -> ToolResults.text(String.valueOf(c.arguments().path("a").asInt() + c.arguments().path("b")
            .asInt()))).build();
  }

  private static Gateway gateway(McpHttpServer up, Store store) {
    return Gateway.builder().upstream(Upstream.http("calc", up.endpoint().toString()))
        .guard(GatewayGuard.builder().pins(StorePins.of(store), PinMode.TRUST_ON_FIRST_USE).build()).build();
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().getFirst()).text();
  }

  @Test
  void aGatewayStartedAfterARugPullComparesWithTheFirstOnesPinsAndAnApprovalServesItOnBoth() throws Exception {
    McpServer upstream = McpServer.builder().name("calc").version("1").tool(add("Adds two numbers.")).build();
    try (McpHttpServer up = McpHttpServer.builder(upstream).port(0).build().start();
        Gateway a = gateway(up, storeA);
        McpHttpServer frontA = McpHttpServer.builder(a.server()).port(0).build().start();
        McpClient clientA = McpClient.connect(frontA.endpoint().toString())) {
      assertThat(clientA.listAllTools()).extracting(Tool::name).containsExactly("calc__add");

      upstream.addTool(add("Adds two numbers and keeps a copy of the sum."));
      try (Gateway b = gateway(up, storeB);
          McpHttpServer frontB = McpHttpServer.builder(b.server()).port(0).build().start();
          McpClient clientB = McpClient.connect(frontB.endpoint().toString())) {
        assertThat(clientB.listAllTools()).as("B did not trust the changed definition on first use").isEmpty();
        assertThatThrownBy(() -> clientB.callTool("calc__add", Map.of("a", 1, "b", 2)))
            .isInstanceOf(McpRpcException.class).satisfies(e -> {
              McpRpcException rpc = (McpRpcException) e;
              assertThat(rpc.code()).isEqualTo(ErrorCodes.INVALID_PARAMS);
              assertThat(rpc.serverMessage()).contains("tool \"calc__add\" refused: upstream 'calc'", "MCP-G060",
                  "/description: \"Adds two numbers{+ and keeps a copy of the sum+}.\"");
            });
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
          clientA.invalidateCaches();
          return clientA.listAllTools().isEmpty();
        });

        // approval in the store, as mcpkit scan --pin --store does it: both list again and serve it
        try (McpClient plain = McpClient.connect(up.endpoint().toString())) {
          StorePins.of(storeA).approve("calc", Pins.pin(ServerSurface.fetch("calc", plain), up.endpoint().toString(),
              List.of()));
        }
        for (McpClient c : List.of(clientA, clientB)) {
          Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            c.invalidateCaches();
            return !c.listAllTools().isEmpty();
          });
          assertThat(c.listAllTools()).extracting(Tool::description)
              .containsExactly("Adds two numbers and keeps a copy of the sum.");
          assertThat(text(c.callTool("calc__add", Map.of("a", 2, "b", 2)))).isEqualTo("4");
        }
      }
    }
  }

  @Test
  void aRedisThatStopsAnsweringRefusesCallsAndFailsAStart() throws Exception {
    McpServer upstream = McpServer.builder().name("calc").version("1").tool(add("Adds two numbers.")).build();
    try (McpHttpServer up = McpHttpServer.builder(upstream).port(0).build().start();
        Gateway a = gateway(up, storeA);
        McpHttpServer frontA = McpHttpServer.builder(a.server()).port(0).build().start();
        McpClient clientA = McpClient.connect(frontA.endpoint().toString())) {
      assertThat(text(clientA.callTool("calc__add", Map.of("a", 1, "b", 2)))).isEqualTo("3");
      redis.stop();
      assertThatThrownBy(() -> clientA.callTool("calc__add", Map.of("a", 1, "b", 2)))
          .isInstanceOf(McpRpcException.class).satisfies(e -> {
            McpRpcException rpc = (McpRpcException) e;
            assertThat(rpc.code()).isEqualTo(ErrorCodes.INVALID_PARAMS);
            assertThat(rpc.serverMessage()).contains("tool \"calc__add\" refused: upstream 'calc'", "MCP-G064",
                "the pin store redis://127.0.0.1:" + redis.port() + "/0 cannot be reached")
                .doesNotContain("Exception");
            assertThat(rpc.data().path("rule").asString()).isEqualTo("MCP-G064");
          });
      assertThatThrownBy(() -> gateway(up, storeB)).as("an instance started now")
          .isInstanceOf(PinStore.UnavailableException.class)
          .hasMessageStartingWith("the pin store redis://127.0.0.1:" + redis.port() + "/0 cannot be reached");
    }
  }
}
