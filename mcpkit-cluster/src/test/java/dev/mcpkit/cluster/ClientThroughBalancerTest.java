package dev.mcpkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.http.McpHttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * mcpkit's own {@link McpClient} in a 2025 session through Debian's HAProxy in round-robin, with no stickiness, in
 * front of three instances: each request may land on any instance, and the session works as with one.
 */
class ClientThroughBalancerTest {

  private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

  private ClusterFixture f;
  private Process haproxy;
  private int port;

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(HAPROXY), "haproxy is not installed");
    f = new ClusterFixture("a", "b", "c");
    port = LoopbackPorts.free();
    StringBuilder cfg = new StringBuilder("""
        global
          maxconn 256
        defaults
          mode http
          timeout connect 5s
          timeout client 60s
          timeout server 60s
        frontend mcp
          bind 127.0.0.1:%d
          default_backend instances
        backend instances
          balance roundrobin
        """.formatted(port));
    for (int i = 0; i < f.servers.size(); i++) {
      McpHttpServer s = f.servers.get(i);
      cfg.append("  server i").append(i).append(" 127.0.0.1:").append(s.port()).append('\n');
    }
    Path dir = Files.createTempDirectory("mcpkit-haproxy");
    Path file = dir.resolve("haproxy.cfg");
    Files.writeString(file, cfg);
    haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
    await("haproxy listening").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(this::listening);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (haproxy != null) {
      haproxy.destroy();
      haproxy.waitFor();
    }
    if (f != null) {
      f.close();
    }
  }

  private boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().getFirst()).text();
  }

  @Test
  void aSessionThroughRoundRobinWorksAsWithOneInstance() {
    CopyOnWriteArrayList<ServerNotification> seen = new CopyOnWriteArrayList<>();
    ClientHandlers handlers = ClientHandlers.none()
        .withElicitation(p -> new ElicitResult("accept", Json.object().put("name", "Ada"), null));
    try (McpClient client = McpClient.builder().url("http://127.0.0.1:" + port + "/mcp")
        .protocolVersion(ProtocolVersion.V2025_11_25).handlers(handlers).onNotification(seen::add).connect()) {
      assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_11_25);
      for (int i = 0; i < 6; i++) {
        assertThat(text(client.callTool("echo", Map.of("message", "m" + i)))).isEqualTo("m" + i);
      }
      assertThat(text(client.callTool("greet", Map.of("greeting", "Hi")))).isEqualTo("Hi, Ada");
      client.setLoggingLevel(LoggingLevel.ERROR);
      client.callTool("grow", Map.of());
      await("list_changed through the GET stream").atMost(Duration.ofSeconds(20))
          .until(() -> seen.stream().anyMatch(n -> n instanceof ServerNotification.ToolsListChanged));
      assertThat(seen).noneMatch(n -> n instanceof ServerNotification.LogMessage);
      // every instance served part of the session (each keeps a copy until it idles out or the session ends)
      assertThat(f.servers).allSatisfy(s -> assertThat(s.sessionCount()).as("copies on %s", s.port()).isEqualTo(1));
    }
    // the client's DELETE, on whichever instance, ended the session on all of them
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(f.servers).allSatisfy(s -> assertThat(s.sessionCount()).isZero()));
  }
}
