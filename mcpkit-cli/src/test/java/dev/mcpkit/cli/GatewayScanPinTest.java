package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.gateway.Gateway;
import dev.mcpkit.gateway.GatewayConfig;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.mcpkit.guard.PinLock;
import dev.mcpkit.guard.StorePins;
import dev.mcpkit.store.RedisPair;
import dev.mcpkit.store.RedisServer;
import dev.mcpkit.store.Store;

/**
 * The rug-pull test through the gateway, end to end: a gateway from a configuration file with {@code
 * gateway.guard}; a client lists; the upstream changes a description and sends {@code list_changed}; the tool
 * disappears for the client; a call is refused with the diff; {@code mcpkit scan --pin --config} on the same file
 * re-approves it, and the gateway serves it again.
 */
class GatewayScanPinTest {

  @TempDir Path tmp;

  private static ServerTool add(String description) {
    return ServerTool.builder("add").description(description)
        .inputSchema("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"}}}")
        .handler(c -> ToolResults.text("sum")).build();
  }

  @Test
  void aRugPullThroughTheGatewayIsReApprovedByScanPin() throws Exception {
    McpServer upstream = McpServer.builder().name("calc").version("1").tool(add("Adds two numbers.")).build();
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    try (McpHttpServer up = McpHttpServer.builder(upstream).port(0).build().start()) {
      Path config = Files.writeString(tmp.resolve("gateway.json"), "{\"mcpServers\": {\"calc\": {\"type\": \"http\","
          + " \"url\": \"" + up.endpoint() + "\"}}, \"gateway\": {\"guard\": {}}}");
      Path lock = tmp.resolve("mcpkit-lock.json"); // the default: beside the configuration file
      try (Gateway gw = GatewayConfig.read(config).builder().build();
          McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
          McpClient client = McpClient.builder().url(front.endpoint().toString())
              .protocolVersion(ProtocolVersion.V2025_11_25).onNotification(seen::add).connect()) {
        assertThat(client.listAllTools()).extracting(Tool::name).containsExactly("calc__add");
        assertThat(Files.exists(lock)).as("trust on first use").isTrue();

        upstream.addTool(add("Adds two numbers and keeps a copy of the sum."));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(
            new ServerNotification.ToolsListChanged()) && client.listAllTools().isEmpty());
        assertThatThrownBy(() -> client.callTool("calc__add", Map.of())).isInstanceOf(McpRpcException.class)
            .hasMessageContaining("MCP-G060")
            .hasMessageContaining("/description: \"Adds two numbers{+ and keeps a copy of the sum+}.\"");

        seen.clear();
        Cli.Result pinned = InProcessCli.run("scan", "--pin", "--lock", lock.toString(), "--config", config.toString());
        assertThat(pinned.err()).as(pinned.toString()).doesNotContain("Exception");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(
            new ServerNotification.ToolsListChanged()) && !client.listAllTools().isEmpty());
        assertThat(client.listAllTools()).extracting(Tool::description)
            .containsExactly("Adds two numbers and keeps a copy of the sum.");
        assertThat(client.callTool("calc__add", Map.of("a", 1, "b", 2)).isError()).isNotEqualTo(Boolean.TRUE);
      }
    }
  }

  @Test
  void withASharedStoreTheLockFileSeedsItAndScanPinStoreReApprovesOnEveryInstance() throws Exception {
    McpServer upstream = McpServer.builder().name("calc").version("1").tool(add("Adds two numbers.")).build();
    try (McpHttpServer up = McpHttpServer.builder(upstream).port(0).build().start();
        RedisPair pair = RedisPair.start()) {
      RedisServer redis = pair.redis();
      Store storeA = pair.a();
      Store storeB = pair.b();
      Path config = Files.writeString(tmp.resolve("gateway.json"), "{\"mcpServers\": {\"calc\": {\"type\": \"http\","
          + " \"url\": \"" + up.endpoint() + "\"}}, \"gateway\": {\"guard\": {}}}");
      // the committed lock file (approved before the gateways share a store) seeds the store
      assertThat(InProcessCli.run("scan", "--pin", "--config", config.toString(), "--lock",
          tmp.resolve(PinLock.FILE_NAME).toString()).exit()).isZero();
      upstream.addTool(add("Adds two numbers and keeps a copy of the sum."));
      // as mcpkit gateway --store redis://... wires it, on two instances
      GatewayConfig parsed = GatewayConfig.read(config);
      try (Gateway a = parsed.builder().guard(parsed.guard().orElseThrow().sharedPins(StorePins.of(storeA))).build();
          Gateway b = parsed.builder().guard(parsed.guard().orElseThrow().sharedPins(StorePins.of(storeB))).build();
          McpHttpServer frontA = McpHttpServer.builder(a.server()).port(0).build().start();
          McpHttpServer frontB = McpHttpServer.builder(b.server()).port(0).build().start();
          McpClient clientA = McpClient.connect(frontA.endpoint().toString());
          McpClient clientB = McpClient.connect(frontB.endpoint().toString())) {
        for (McpClient c : List.of(clientA, clientB)) {
          assertThat(c.listAllTools()).as("the seeded pin is not the upstream's definition now").isEmpty();
          assertThatThrownBy(() -> c.callTool("calc__add", Map.of())).isInstanceOf(McpRpcException.class)
              .hasMessageContaining("MCP-G060");
        }

        Cli.Result pinned = InProcessCli.run("scan", "--pin", "--store", redis.uri().toString(), "--config",
            config.toString());
        assertThat(pinned.err()).as(pinned.toString()).contains("pinned 1 server in the pin store redis://127.0.0.1:"
            + redis.port()).doesNotContain("Exception");
        for (McpClient c : List.of(clientA, clientB)) {
          Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            c.invalidateCaches();
            return !c.listAllTools().isEmpty();
          });
          assertThat(c.callTool("calc__add", Map.of("a", 1, "b", 2)).isError()).isNotEqualTo(Boolean.TRUE);
        }
        Cli.Result check = InProcessCli.run("scan", "--store", redis.uri().toString(), "--config", config.toString(),
            "--json");
        assertThat(check.out()).as(check.toString()).doesNotContain("MCP-G06");
      }
    }
  }

  @Test
  void aGatewayWhosePinStoreCannotBeReachedDoesNotStart() throws Exception {
    Path config = Files.writeString(tmp.resolve("gateway.json"), "{\"mcpServers\": {\"calc\": {\"type\": \"http\","
        + " \"url\": \"http://127.0.0.1:9/mcp\"}}, \"gateway\": {\"guard\": {}}}");
    int closed = RedisServer.throwawayPortThatIsClosed();
    // mcpkit gateway reports on System.err (it serves until stopped, like up and serve)
    java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
    java.io.PrintStream was = System.err;
    Cli.Result r;
    System.setErr(new java.io.PrintStream(stderr, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      r = InProcessCli.run("gateway", "--config", config.toString(), "--port", "0", "--store",
          "redis://127.0.0.1:" + closed);
    } finally {
      System.setErr(was);
    }
    String err = stderr.toString(java.nio.charset.StandardCharsets.UTF_8) + r.err();
    assertThat(r.exit()).as(err).isEqualTo(ExitCodes.CONNECTION);
    // the cluster (and with it the pins' store) is joined first: its error names the store's address
    assertThat(err).contains("mcpkit gateway: --store: cannot connect to Redis at redis://127.0.0.1:" + closed)
        .doesNotContain("at dev.mcpkit");
  }
}
