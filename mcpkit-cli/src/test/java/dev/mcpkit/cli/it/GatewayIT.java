package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.transport.StdioCommand;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.Tool;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mcpkit.jar gateway} as a user runs it: the demo server over stdio (prefix "") and over HTTP behind one
 * endpoint, where it listens said on stderr, and the same gateway served on stdio; a configuration error names the
 * JSON path and exits 2.
 */
class GatewayIT {

  @TempDir Path dir;

  @Test
  void servesAStdioAndAnHttpUpstreamInBothEras() throws Exception {
    try (McpkitProcess remote = McpkitProcess.startHttp("serve", "--port", "0")) {
      ObjectNode config = Json.object();
      ObjectNode servers = config.putObject("mcpServers");
      ObjectNode local = servers.putObject("local").put("command", McpkitProcess.java());
      List.of("-jar", McpkitProcess.jar().toString(), "serve", "--stdio").forEach(local.putArray("args")::add);
      servers.putObject("remote").put("url", remote.endpoint().toString()).put("type", "http");
      config.putObject("gateway").putObject("servers").putObject("local").put("prefix", "");
      Path file = dir.resolve("gateway.json");
      Files.writeString(file, Json.write(config));
      try (McpkitProcess gw = McpkitProcess.startHttp("gateway", "--config", file.toString(), "--port", "0")) {
        assertThat(gw.output()).contains("mcpkit gateway: 2 upstream(s)")
            .containsPattern("local  stdio 20\\d\\d-\\d\\d-\\d\\d, 3 tool\\(s\\)")
            .contains("remote  streamable-http 2026-07-28, 3 tool(s)")
            .contains("mcpkit gateway listening on http://127.0.0.1:")
            .contains("Health: GET /healthz (up), GET /readyz (200 when every upstream is available, else 503)");
        java.net.http.HttpResponse<String> ready = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(gw.endpoint().resolve("/readyz")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(Json.parse(ready.body()).path("status").asString()).isEqualTo("ready");
        for (ProtocolVersion v : List.of(ProtocolVersion.V2026_07_28, ProtocolVersion.V2025_11_25)) {
          try (McpClient c = McpClient.builder().url(gw.endpoint().toString()).protocolVersion(v).connect()) {
            assertThat(c.listAllTools()).extracting(Tool::name).contains("add_numbers", "remote__add_numbers",
                "echo_message", "remote__echo_message");
            assertThat(text(c.callTool("add_numbers", Map.of("a", new BigDecimal("0.1"), "b", new BigDecimal("0.2")))))
                .isEqualTo("0.3");
            assertThat(text(c.callTool("remote__echo_message", Map.of("message", "hi")))).isEqualTo("hi");
          }
        }
        // both demo servers offer the same resource URIs: the second one's are served under rewritten URIs
        assertThat(gw.output()).contains("COLLISION remote: resource 'mcpkit://demo/about' of upstream 'remote' is"
            + " served as 'mcpkit-gateway://remote/mcpkit%3A%2F%2Fdemo%2Fabout': upstream 'local' already serves that"
            + " URI");
      }
      // the same gateway on stdio, as a desktop host spawns it
      List<String> argv = McpkitProcess.command("gateway", "--config", file.toString(), "--stdio");
      try (McpClient c = McpClient.builder().stdio(StdioCommand.of(argv)).probeTimeout(Duration.ofSeconds(60))
          .requestTimeout(Duration.ofSeconds(60)).connect()) {
        assertThat(c.protocolVersion()).isEqualTo(ProtocolVersion.V2026_07_28);
        assertThat(text(c.callTool("remote__add_numbers", Map.of("a", 1, "b", 2)))).isEqualTo("3");
        assertThat(text(c.callTool("echo_message", Map.of("message", "over stdio")))).isEqualTo("over stdio");
      }
    }
  }

  /** With gateway.auth the resource URL (and the embedded issuer) contains the port: bound first, so it is this one. */
  @Test
  void aProtectedGatewayOnPort0NamesThePortItListensOn() throws Exception {
    ObjectNode config = Json.object();
    ObjectNode local = config.putObject("mcpServers").putObject("local").put("command", McpkitProcess.java());
    List.of("-jar", McpkitProcess.jar().toString(), "serve", "--stdio").forEach(local.putArray("args")::add);
    config.putObject("gateway").putObject("auth").put("issuer", "embedded");
    Path file = dir.resolve("protected.json");
    Files.writeString(file, Json.write(config));
    try (McpkitProcess gw = McpkitProcess.startHttp("gateway", "--config", file.toString(), "--port", "0");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      String resource = gw.endpoint().toString();
      assertThat(gw.output()).contains("OAuth: resource " + resource + ",")
          .contains("authorization server   " + gw.endpoint().resolve("/auth"));
      java.net.http.HttpResponse<String> denied = http.send(java.net.http.HttpRequest.newBuilder(gw.endpoint())
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")
          .header("Accept", "application/json, text/event-stream").build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(denied.statusCode()).isEqualTo(401);
      java.net.URI metadata = gw.endpoint().resolve("/.well-known/oauth-protected-resource/mcp");
      assertThat(denied.headers().firstValue("WWW-Authenticate")).get().asString()
          .contains("resource_metadata=\"" + metadata + "\"");
      java.net.http.HttpResponse<String> prm = http.send(java.net.http.HttpRequest.newBuilder(metadata).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(prm.statusCode()).isEqualTo(200);
      assertThat(Json.parse(prm.body()).path("resource").asString()).isEqualTo(resource);
    }
  }

  @Test
  void aConfigurationErrorNamesTheJsonPathAndExits2() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"mcpServers\": {\"a\": {\"command\": \"x\"}}, \"gateway\": {\"separator\": \"::\"}}");
    Process p = new ProcessBuilder(McpkitProcess.command("gateway", "--config", file.toString()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isEqualTo(2);
    assertThat(err).startsWith("mcpkit gateway: the configuration file " + file + " is invalid: /gateway/separator: ")
        .doesNotContain("Exception");
  }

  private static String text(dev.mcpkit.core.schema.CallToolResult r) {
    return ((TextContent) r.content().getFirst()).text();
  }
}
