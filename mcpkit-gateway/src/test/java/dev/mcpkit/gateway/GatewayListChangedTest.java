package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.client.Subscription;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.Prompt;
import dev.mcpkit.core.schema.Resource;
import dev.mcpkit.core.schema.SubscriptionFilter;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.gateway.GatewayNotice.Kind;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.McpServerBuilder;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An upstream's list changes reach the gateway's clients: the gateway re-lists the upstream, serves the new list
 * (collisions decided again), and tells 2025 sessions ({@code notifications/tools/list_changed}) and 2026
 * {@code subscriptions/listen} streams.
 */
class GatewayListChangedTest {

  private static String text(dev.mcpkit.core.schema.CallToolResult r) {
    return ((TextContent) r.content().getFirst()).text();
  }

  private static List<String> toolNames(McpClient c) {
    return c.listAllTools().stream().map(Tool::name).toList();
  }

  @ParameterizedTest(name = "a {0} upstream")
  @ValueSource(strings = {"2026", "2025"})
  void anUpstreamThatAddsAndRemovesAToolIsFollowedInBothEras(String upstreamEra) throws Exception {
    McpServerBuilder ub = McpServer.builder().name("live").tool(Upstreams.echo("live"));
    if (upstreamEra.equals("2025")) {
      ub.versions(Set.of(ProtocolVersion.V2025_11_25));
    }
    McpServer upstream = ub.build();
    List<ServerNotification> seen2025 = new CopyOnWriteArrayList<>();
    List<ServerNotification> seen2026 = new CopyOnWriteArrayList<>();
    try (McpHttpServer up = McpHttpServer.builder(upstream).port(0).build().start();
        Gateway gw = Gateway.builder().upstream(Upstream.http("live", up.endpoint().toString())).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient old = McpClient.builder().url(front.endpoint().toString()).protocolVersion(ProtocolVersion.V2025_11_25)
            .onNotification(seen2025::add).connect();
        McpClient modern = McpClient.connect(front.endpoint().toString());
        Subscription listen = modern.listen(new SubscriptionFilter(true, true, true, null), seen2026::add)) {
      assertThat(gw.upstreams().getFirst().protocolVersion()).startsWith(upstreamEra);
      assertThat(old.serverInfo().capabilities().tools().listChanged()).isTrue();
      assertThat(listen.acknowledged().toolsListChanged()).isTrue();
      assertThat(toolNames(old)).containsExactly("live__echo");
      assertThat(toolNames(modern)).containsExactly("live__echo");

      upstream.addTool(ServerTool.builder("fresh").handler(call -> ToolResults.text("live: "
          + call.arguments().path("text").asString(""))).build());
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
          seen2025.contains(new ServerNotification.ToolsListChanged())
          && seen2026.contains(new ServerNotification.ToolsListChanged()));
      assertThat(toolNames(old)).containsExactly("live__echo", "live__fresh");
      assertThat(toolNames(modern)).containsExactly("live__echo", "live__fresh");
      assertThat(text(modern.callTool("live__fresh", Map.of("text", "hi")))).isEqualTo("live: hi");
      assertThat(gw.upstreams().getFirst().tools()).isEqualTo(2);

      seen2025.clear();
      seen2026.clear();
      upstream.removeTool("echo");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
          seen2025.contains(new ServerNotification.ToolsListChanged())
          && seen2026.contains(new ServerNotification.ToolsListChanged()));
      assertThat(toolNames(old)).containsExactly("live__fresh");
      assertThat(toolNames(modern)).containsExactly("live__fresh");
      for (McpClient c : List.of(old, modern)) {
        assertThatThrownBy(() -> c.callTool("live__echo", Map.of("text", "x")))
            .isInstanceOfSatisfying(McpRpcException.class, e -> {
              assertThat(e.code()).isEqualTo(-32602);
              assertThat(e.serverMessage()).isEqualTo("Unknown tool: live__echo (upstream 'live' no longer offers"
                  + " it; tools/list has the current tools)");
            });
      }
      assertThat(seen2025).as("only the tools list changed").containsOnly(new ServerNotification.ToolsListChanged());
    }
  }

  @Test
  void collisionsAreDecidedAgainOnEveryChangeInConfigurationOrder() throws Exception {
    McpServer first = McpServer.builder().name("first").tool(Upstreams.echo("first")).build();
    McpServer second = McpServer.builder().name("second").tool(Upstreams.echo("second")).build();
    try (McpHttpServer a = McpHttpServer.builder(first).port(0).build().start();
        McpHttpServer b = McpHttpServer.builder(second).port(0).build().start();
        Gateway gw = Gateway.builder()
            .upstream(Upstream.builder("a", Upstreams.http("a", a.endpoint().toString())).prefix("").build())
            .upstream(Upstream.builder("b", Upstreams.http("b", b.endpoint().toString())).prefix("").build())
            .build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = McpClient.connect(front.endpoint().toString())) {
      GatewayNotice collision = new GatewayNotice(Kind.COLLISION, "b", "tool 'echo' of upstream 'b' is not served:"
          + " upstream 'a' already serves that name (give one of them another prefix)");
      assertThat(gw.notices()).containsExactly(collision);
      assertThat(text(c.callTool("echo", Map.of("text", "x")))).isEqualTo("first: x");

      first.removeTool("echo"); // b's echo is served now
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gw.notices().isEmpty());
      assertThat(text(c.callTool("echo", Map.of("text", "x")))).isEqualTo("second: x");
      assertThat(gw.upstreams()).extracting(UpstreamStatus::tools).containsExactly(0, 1);

      first.addTool(Upstreams.echo("first")); // a comes first: it takes the name back, as at start
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gw.notices().equals(List.of(collision)));
      assertThat(text(c.callTool("echo", Map.of("text", "x")))).isEqualTo("first: x");
      assertThat(toolNames(c)).containsExactly("echo");
    }
  }

  @Test
  void promptAndResourceListChangesAreFollowedToo() throws Exception {
    McpServer upstream = McpServer.builder().name("live").enablePrompts().enableResources().build();
    try (McpHttpServer up = McpHttpServer.builder(upstream).port(0).build().start();
        Gateway gw = Gateway.builder().upstream(Upstream.http("live", up.endpoint().toString())).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = McpClient.connect(front.endpoint().toString())) {
      upstream.addPrompt(ServerPrompt.builder("greet").handler(r -> null).build());
      upstream.addResource(ServerResource.builder("docs://new", "new").text("new").build());
      Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        c.invalidateCaches();
        assertThat(c.listAllPrompts()).extracting(Prompt::name).containsExactly("live__greet");
        assertThat(c.listAllResources()).extracting(Resource::uri).containsExactly("docs://new");
      });
      upstream.removeResource("docs://new");
      Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        c.invalidateCaches(); // this client does not listen: its cached list (ttlMs) would hide the change
        assertThat(c.listAllResources()).isEmpty();
      });
    }
  }
}
