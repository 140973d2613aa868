package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A 2026-07-28 upstream is asked, per request, for the log level the caller asked for (its {@code logLevel} in
 * 2026-07-28, its session's {@code logging/setLevel} in 2025), not for every level: it sends only what the caller
 * wants. The upstream records the level each request asked for.
 */
class GatewayLogLevelTest {

  private static final ProtocolVersion NEW = ProtocolVersion.V2026_07_28;
  private static final ProtocolVersion OLD = ProtocolVersion.V2025_11_25;

  @Test
  void aStatelessUpstreamIsAskedForTheCallersLevel() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    McpServer up = McpServer.builder().name("up").version("1").versions(Set.of(NEW))
        .tool(ServerTool.of("level", "Says the log level it was asked for", call -> {
          String level = call.logLevel().map(LoggingLevel::id).orElse("none");
          asked.add(level);
          return ToolResults.text(level);
        }))
        .build();
    try (McpHttpServer upstream = McpHttpServer.builder(up).port(0).build().start();
        Gateway gw = Gateway.builder().upstream(Upstream.http("u", upstream.endpoint().toString())).build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start()) {
      // 2026-07-28 callers: the request's logLevel, and none when the caller asked for none
      try (McpClient c = client(front, NEW)) {
        assertThat(level(c)).isEqualTo("none");
        c.setLoggingLevel(LoggingLevel.WARNING);
        assertThat(level(c)).isEqualTo("warning");
      }
      // 2025 callers: the session's level, and every level when the session set none (the server decides)
      try (McpClient c = client(front, OLD)) {
        assertThat(level(c)).isEqualTo("debug");
        c.setLoggingLevel(LoggingLevel.ERROR);
        assertThat(level(c)).isEqualTo("error");
      }
      try (McpClient other = client(front, OLD)) { // another session's level is its own
        other.setLoggingLevel(LoggingLevel.NOTICE);
        assertThat(level(other)).isEqualTo("notice");
      }
      assertThat(asked).containsExactly("none", "warning", "debug", "error", "notice");
    }
  }

  private static McpClient client(McpHttpServer front, ProtocolVersion version) {
    return McpClient.builder().url(front.endpoint().toString()).protocolVersion(version).connect();
  }

  private static String level(McpClient c) {
    return ((TextContent) c.callTool("u__level", Map.of()).content().getFirst()).text();
  }
}
