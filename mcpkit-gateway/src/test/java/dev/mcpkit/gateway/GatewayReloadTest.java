package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.http.McpHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Reloading the configuration file while the gateway runs: an unchanged stdio upstream keeps its
 * process and an unchanged 2025 HTTP upstream its {@code Mcp-Session-Id}; a removed upstream stops being served, an
 * added one is served, a changed one is restarted; an invalid file is refused with its JSON path in the log and the
 * running configuration stays. Downstream clients are told the lists changed.
 */
class GatewayReloadTest {

  @TempDir Path dir;

  private static String text(McpClient c, String tool) {
    return ((TextContent) c.callTool(tool, Map.of()).content().getFirst()).text();
  }

  private static List<String> toolNames(McpClient c) {
    return c.listAllTools().stream().map(Tool::name).sorted().toList();
  }

  private static String lastSession(UpstreamAuthFixtures.Recorder r) {
    return r.seen.stream().filter(h -> "POST".equals(h.get(":method")) && h.containsKey("mcp-session-id")).toList()
        .getLast().get("mcp-session-id");
  }

  @Test
  void unchangedUpstreamsKeepTheirConnectionsWhileOthersComeGoOrRestart() throws Exception {
    List<String> argv = new ArrayList<>(Upstreams.stdioArgv());
    argv.set(argv.size() - 1, GatewayCallerSessionsTest.Pid.class.getName());
    String pid = "\"command\": " + Json.write(argv.getFirst()) + ", \"args\": " + Json.write(argv.subList(1,
        argv.size()));
    UpstreamAuthFixtures.Recorder rec = new UpstreamAuthFixtures.Recorder(null);
    McpServer old = McpServer.builder().name("old").versions(Set.of(ProtocolVersion.V2025_11_25))
        .tool(Upstreams.echo("old")).build();
    var watchLog = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
        "dev.mcpkit.gateway.internal.ConfigWatch");
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    watchLog.addAppender(events);
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    Path file = dir.resolve("gateway.json");
    try (McpHttpServer up = McpHttpServer.builder(old).port(0).guard(rec).build().start();
        McpHttpServer gone = Upstreams.other(); McpHttpServer added = Upstreams.other()) {
      String v1 = """
          {"mcpServers": {"keep": {%s}, "old": {"url": "%s"}, "gone": {"url": "%s"}}}
          """.formatted(pid, up.endpoint(), gone.endpoint());
      Files.writeString(file, v1);
      try (Gateway gw = GatewayConfig.read(file).builder().build();
          McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
          McpClient c = McpClient.builder().url(front.endpoint().toString()).protocolVersion(
              ProtocolVersion.V2025_11_25).onNotification(seen::add).connect()) {
        assertThat(toolNames(c)).containsExactly("gone__echo", "keep__pid", "old__echo");
        String process = text(c, "keep__pid");
        assertThat(text(c, "old__echo")).isEqualTo("old: ");
        String session = lastSession(rec);

        Files.writeString(file, """
            {"mcpServers": {"keep": {%s}, "old": {"url": "%s"}, "added": {"url": "%s"}}}
            """.formatted(pid, up.endpoint(), added.endpoint()));
        Awaitility.await("the added upstream is served, the removed one not").atMost(Duration.ofSeconds(30))
            .until(() -> toolNames(c).equals(List.of("added__echo", "keep__pid", "old__echo")));
        assertThat(seen).contains(new ServerNotification.ToolsListChanged());
        assertThat(gw.upstreams()).extracting(UpstreamStatus::name).containsExactly("keep", "old", "added");
        assertThat(text(c, "keep__pid")).as("the same process").isEqualTo(process);
        assertThat(text(c, "old__echo")).isEqualTo("old: ");
        assertThat(lastSession(rec)).as("the same upstream session").isEqualTo(session);
        assertThat(rec.seen).noneMatch(h -> "DELETE".equals(h.get(":method")));

        Files.writeString(file, """
            {"mcpServers": {"keep": {%s}}, "gateway": {"servers": {"keep": {"prefix": "bad prefix"}}}}
            """.formatted(pid));
        Awaitility.await("the invalid file is refused").atMost(Duration.ofSeconds(30)).until(() -> events.list
            .stream().anyMatch(e -> e.getLevel() == Level.ERROR && e.getFormattedMessage().contains(
                "is invalid: /gateway/servers/keep/prefix: ")));
        assertThat(events.list.getLast().getFormattedMessage()).startsWith("the configuration file changed but is"
            + " not applied (the running configuration stays): ");
        assertThat(toolNames(c)).containsExactly("added__echo", "keep__pid", "old__echo");

        Files.writeString(file, """
            {"mcpServers": {"keep": {%s}, "old": {"url": "%s"}},
             "gateway": {"servers": {"keep": {"timeoutMs": 20000}}}}
            """.formatted(pid, up.endpoint()));
        Awaitility.await("the changed upstream is restarted").atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> toolNames(c).equals(List.of("keep__pid", "old__echo")) && !text(c, "keep__pid")
                .equals(process));
        assertThat(lastSession(rec)).isEqualTo(session);
      }
    } finally {
      watchLog.detachAppender(events);
    }
  }
}
