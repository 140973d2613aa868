package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.SubscriptionFilter;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A 2026-07-28 upstream's {@code subscriptions/listen} stream that ends (here: the upstream stops and starts again on
 * its port) is opened again, and what changed while it was cut is listed again, served, and told downstream; so is
 * the stream that follows a resource a downstream client subscribes to, and the subscriber is told it may have changed.
 */
class GatewayListenAgainTest {

  private static List<String> toolNames(McpClient c) {
    return c.listAllTools().stream().map(Tool::name).toList();
  }

  @Test
  void aListenStreamThatEndsIsOpenedAgainAndAToolAddedMeanwhileIsServed() throws Exception {
    int port = LoopbackPorts.free();
    McpServer server = McpServer.builder().name("live").tool(Upstreams.echo("live")).build();
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    McpHttpServer first = McpHttpServer.builder(server).port(port).build().start();
    try (Gateway gw = Gateway.builder().upstream(Upstream.builder("live", Upstreams.http("live",
                "http://127.0.0.1:" + port + "/mcp"))
            .resilience(Resilience.builder().retry(Duration.ofMillis(100), Duration.ofMillis(400)).build()).build())
            .build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = McpClient.builder().url(front.endpoint().toString()).protocolVersion(ProtocolVersion.V2025_11_25)
            .onNotification(seen::add).connect()) {
      assertThat(gw.upstreams().getFirst().protocolVersion()).isEqualTo(ProtocolVersion.V2026_07_28.id());
      assertThat(toolNames(c)).containsExactly("live__echo");

      first.close(); // ends the gateway's listen stream; no request goes there meanwhile, so nothing marks it down
      server.addTool(ServerTool.builder("fresh").handler(call -> ToolResults.text("fresh")).build()); // told no one
      try (McpHttpServer again = McpHttpServer.builder(server).port(port).build().start()) {
        Awaitility.await("the downstream client is told the tools changed").atMost(Duration.ofSeconds(20))
            .until(() -> seen.contains(new ServerNotification.ToolsListChanged()));
        assertThat(toolNames(c)).containsExactly("live__echo", "live__fresh");

        seen.clear(); // the stream opened again follows later changes as the first one did
        server.removeTool("echo");
        Awaitility.await("a later change is followed").atMost(Duration.ofSeconds(20))
            .until(() -> seen.contains(new ServerNotification.ToolsListChanged()));
        assertThat(toolNames(c)).containsExactly("live__fresh");
      }
    }
  }

  @Test
  void anUpstreamMarkedDownIsFollowedAgainWhenItIsBackAndNotByTheEndedStreamsAttempts() throws Exception {
    var log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.mcpkit.gateway.internal.ListenAgain");
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    Level before = log.getLevel();
    log.setLevel(Level.INFO);
    log.addAppender(events);
    int port = LoopbackPorts.free();
    McpServer server = McpServer.builder().name("live").tool(Upstreams.echo("live")).build();
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    McpHttpServer first = McpHttpServer.builder(server).port(port).build().start();
    try (Gateway gw = Gateway.builder().upstream(Upstream.builder("live", Upstreams.http("live",
                "http://127.0.0.1:" + port + "/mcp")).resilience(Resilience.builder()
                .whenDown(Resilience.WhenDown.ERROR).retry(Duration.ofMillis(100), Duration.ofMillis(400)).build())
            .build()).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = McpClient.builder().url(front.endpoint().toString()).protocolVersion(ProtocolVersion.V2025_11_25)
            .onNotification(seen::add).connect()) {
      first.close();
      Awaitility.await("the ended stream is being opened again").atMost(Duration.ofSeconds(20))
          .until(() -> events.list.stream().anyMatch(e -> e.getFormattedMessage().contains("stream ended")));
      assertThatThrownBy(() -> c.callTool("live__echo", Map.of())).isInstanceOf(McpRpcException.class);
      Awaitility.await("a failed call marks it down").atMost(Duration.ofSeconds(20))
          .until(() -> !gw.upstreams().getFirst().available());
      server.addTool(ServerTool.builder("fresh").handler(call -> ToolResults.text("fresh")).build());
      try (McpHttpServer again = McpHttpServer.builder(server).port(port).build().start()) {
        Awaitility.await("back: reconnected, listed and followed").atMost(Duration.ofSeconds(20))
            .until(() -> gw.upstreams().getFirst().available() && toolNames(c).contains("live__fresh"));
        seen.clear();
        server.removeTool("echo");
        Awaitility.await("a later change is followed").atMost(Duration.ofSeconds(20))
            .until(() -> seen.contains(new ServerNotification.ToolsListChanged()));
        assertThat(toolNames(c)).containsExactly("live__fresh");
        assertThat(events.list).as("the attempts stopped when it was marked down; Health opened the new stream")
            .noneMatch(e -> e.getFormattedMessage().contains("open again"));
      }
    } finally {
      log.detachAppender(events);
      log.setLevel(before);
    }
  }

  @Test
  void aResourceStreamThatEndsIsOpenedAgainItsSubscriberIsToldAndLaterUpdatesReachIt() throws Exception {
    int port = LoopbackPorts.free();
    var watched = new GatewayResourceUpdatesTest.Watched();
    McpServer server = GatewayResourceUpdatesTest.upstream("live", "2026", watched);
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    ServerNotification updated = new ServerNotification.ResourceUpdated("notes://a");
    McpHttpServer first = McpHttpServer.builder(server).port(port).build().start();
    try (Gateway gw = Gateway.builder().upstream(Upstream.builder("live", Upstreams.http("live",
                "http://127.0.0.1:" + port + "/mcp")).prefix("")
            .resilience(Resilience.builder().retry(Duration.ofMillis(100), Duration.ofMillis(400)).build()).build())
            .build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = McpClient.builder().url(front.endpoint().toString()).protocolVersion(ProtocolVersion.V2025_11_25)
            .connect()) {
      c.listen(SubscriptionFilter.resources(List.of("notes://a")), seen::add);
      Awaitility.await("subscribed upstream").atMost(Duration.ofSeconds(20))
          .until(() -> watched.events.contains("+notes://a"));

      first.close(); // ends the gateway's upstream subscription stream
      server.resourceUpdated("notes://a"); // while it is cut: told no one
      try (McpHttpServer again = McpHttpServer.builder(server).port(port).build().start()) {
        Awaitility.await("subscribed upstream again").atMost(Duration.ofSeconds(20))
            .until(() -> watched.events.stream().filter("+notes://a"::equals).count() == 2);
        Awaitility.await("the subscriber is told it may have changed").atMost(Duration.ofSeconds(20))
            .until(() -> seen.contains(updated));

        seen.clear(); // the stream opened again passes later updates on as the first one did
        server.resourceUpdated("notes://a");
        Awaitility.await("a later update reaches the subscriber").atMost(Duration.ofSeconds(20))
            .until(() -> seen.contains(updated));
      }
    }
  }
}
