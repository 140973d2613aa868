package dev.mcpkit.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.inspector.ConnectionDoctor.Diagnosis;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.http.RequestGuard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code mcpkit doctor TARGET}'s diagnoses, each against a real local cause on 127.0.0.1 or a real process. */
class ConnectionDoctorTest {

  static final Duration T = Duration.ofSeconds(5);

  private static McpServer server() {
    return McpServer.builder().name("doc").version("1").tool(ServerTool.builder("t").description("T")
        .inputSchema("{\"type\":\"object\"}").handler(c -> ToolResults.text("x")).build()).build();
  }

  @Test
  void aWorkingServerIsSaidToWork() throws Exception {
    try (McpHttpServer http = McpHttpServer.builder(server()).port(0).build().start()) {
      Diagnosis d = ConnectionDoctor.http(http.endpoint().toString(), Map.of(), null, T);
      assertThat(d.ok()).as(d.toString()).isTrue();
      assertThat(d.finding()).startsWith("connected: doc 1, protocol ");
    }
  }

  @Test
  void nothingListening() throws Exception {
    int port = LoopbackPorts.free();
    Diagnosis d = ConnectionDoctor.http("http://127.0.0.1:" + port + "/mcp", Map.of(), null, T);
    assertThat(d.ok()).isFalse();
    assertThat(d.finding()).isEqualTo("nothing is listening on 127.0.0.1:" + port + " (connection refused)");
    assertThat(d.advice()).startsWith("start the server, or check the port");
  }

  @Test
  void wrongPathNamesThePathThatAnswers() throws Exception {
    try (McpHttpServer http = McpHttpServer.builder(server()).port(0).build().start()) {
      String base = "http://127.0.0.1:" + http.port();
      Diagnosis d = ConnectionDoctor.http(base + "/api/mcp", Map.of(), null, T);
      assertThat(d.finding()).as(d.toString()).isEqualTo("wrong path: the server answers 404 Not Found at /api/mcp");
      assertThat(d.advice()).contains("try " + base + "/mcp");
    }
  }

  @Test
  void tlsToAPlainHttpPort() throws Exception {
    try (McpHttpServer http = McpHttpServer.builder(server()).port(0).build().start()) {
      Diagnosis d = ConnectionDoctor.http("https://127.0.0.1:" + http.port() + "/mcp", Map.of(), null, T);
      assertThat(d.finding()).as(d.toString()).isEqualTo("TLS failed: 127.0.0.1:" + http.port()
          + " speaks plain HTTP, not TLS");
      assertThat(d.advice()).startsWith("use http://127.0.0.1:" + http.port() + "/mcp");
    }
  }

  @Test
  void unauthorizedWithoutResourceMetadata() throws Exception {
    RequestGuard bare401 = request -> RequestGuard.Decision.deny(401, Map.of("WWW-Authenticate", "Bearer"),
        "Unauthorized");
    try (McpHttpServer http = McpHttpServer.builder(server()).guard(bare401).port(0).build().start()) {
      Diagnosis d = ConnectionDoctor.http(http.endpoint().toString(), Map.of(), null, T);
      assertThat(d.finding()).as(d.toString()).startsWith("HTTP 401 without protected resource metadata");
      assertThat(d.advice()).contains("-H \"Authorization: Bearer ...\"");
      assertThat(d.details()).contains("WWW-Authenticate: Bearer");
    }
  }

  @Test
  void eraMismatchWhenARevisionIsForced() throws Exception {
    McpServer only2025 = McpServer.builder().name("old").version("1").versions(Set.of(ProtocolVersion.V2025_11_25,
        ProtocolVersion.V2025_06_18)).tool(ServerTool.builder("t").description("T").inputSchema("{\"type\":\"object\"}")
        .handler(c -> ToolResults.text("x")).build()).build();
    try (McpHttpServer http = McpHttpServer.builder(only2025).port(0).build().start()) {
      Diagnosis d = ConnectionDoctor.http(http.endpoint().toString(), Map.of(), ProtocolVersion.V2026_07_28, T);
      assertThat(d.finding()).as(d.toString()).isEqualTo("era mismatch: the server does not speak 2026-07-28"
          + " (forced with --protocol); it speaks 2025-11-25 (2025 era, sessions)");
      assertThat(d.advice()).startsWith("drop --protocol").contains("2025-11-25");
    }
  }

  @Test
  void hostAndOriginRejections() throws Exception {
    // 127.0.0.2 is loopback too, but not a name the server accepts in Host by default (only localhost, 127.0.0.1, ::1)
    try (McpHttpServer http = McpHttpServer.builder(server()).host("127.0.0.2").port(0).build().start()) {
      Diagnosis d = ConnectionDoctor.http("http://127.0.0.2:" + http.port() + "/mcp", Map.of(), null, T);
      assertThat(d.finding()).as(d.toString()).startsWith("the server rejects the Host header (HTTP 421");
      assertThat(d.advice()).contains("--allow-host");
    }
    try (McpHttpServer http = McpHttpServer.builder(server()).port(0).build().start()) {
      Diagnosis d = ConnectionDoctor.http(http.endpoint().toString(), Map.of("Origin", "http://evil.example"), null, T);
      assertThat(d.finding()).as(d.toString()).isEqualTo("the server rejects the Origin header (HTTP 403)");
      assertThat(d.advice()).contains("--allow-origin");
    }
  }

  @Test
  void aStdioServerThatLogsToStdout() {
    Diagnosis d = ConnectionDoctor.stdio(List.of("sh", "-c", "echo 'Starting weather server v2...'; cat >/dev/null"),
        Map.of(), T);
    assertThat(d.finding()).as(d.toString()).isEqualTo("the server writes logs to stdout: its first line there is"
        + " not JSON-RPC: \"Starting weather server v2...\"");
    assertThat(d.advice()).startsWith("send logs to stderr");
  }

  @Test
  void aStdioServerThatDiesAtStartShowsItsStderr() {
    Diagnosis d = ConnectionDoctor.stdio(List.of("sh", "-c", "echo 'fatal: WEATHER_API_KEY is not set' >&2; exit 3"),
        Map.of(), T);
    assertThat(d.finding()).as(d.toString()).isEqualTo("the server died at start (exit code 3) before answering");
    assertThat(d.details()).contains("stderr: fatal: WEATHER_API_KEY is not set");
    Diagnosis missing = ConnectionDoctor.stdio(List.of("no-such-mcp-server-program"), Map.of(), T);
    assertThat(missing.finding()).startsWith("the command cannot be started");
  }
}
