package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The official MCP Inspector CLI (2.12.0) lists and calls the tools of {@code ./mcpkit serve},
 * over HTTP and over stdio (through the {@code ./mcpkit} launcher), in the 2025 era (its default)
 * and in 2026-07-28 ({@code --protocol-era modern}).
 */
class InspectorIT {

  static McpkitProcess http;
  static Path home;

  @BeforeAll
  static void start() throws Exception {
    http = McpkitProcess.startHttp("serve", "--port", "0");
    home = Files.createTempDirectory("inspector-home");
  }

  @AfterAll
  static void stop() throws Exception {
    if (http != null) {
      http.close();
    }
  }

  static JsonNode inspect(String name, List<String> args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--cli"));
    all.addAll(args);
    Path log = Repo.root().resolve("mcpkit-cli/target/inspector/" + name + ".log");
    NodeTool.Run run = NodeTool.run(NodeTool.inspector(), all, log, Map.of("HOME", home.toString()), 120);
    assertThat(run.exitCode()).as("inspector " + name + " exit code; output:\n" + run.output()).isZero();
    String out = run.output().strip();
    return Json.parse(out.substring(out.indexOf('{')));
  }

  static List<String> toolNames(JsonNode listed) {
    List<String> names = new ArrayList<>();
    listed.path("result").path("tools").forEach(t -> names.add(t.path("name").asString()));
    return names;
  }

  @Test
  void listsAndCallsOverHttp() throws Exception {
    String url = http.endpoint().toString();
    assertThat(toolNames(inspect("http-list", List.of(url, "--method", "tools/list", "--format", "json"))))
        .containsExactly("echo_message", "add_numbers", "save_note");
    JsonNode sum = inspect("http-call", List.of(url, "--method", "tools/call", "--tool-name", "add_numbers",
        "--tool-arg", "a=0.1", "--tool-arg", "b=0.2", "--format", "json"));
    assertThat(sum.path("result").path("content").get(0).path("text").asString()).isEqualTo("0.3");
  }

  @Test
  void listsAndCallsOverHttpInTheModernEra() throws Exception {
    String url = http.endpoint().toString();
    JsonNode echo = inspect("http-modern-call", List.of(url, "--protocol-era", "modern", "--method", "tools/call",
        "--tool-name", "echo_message", "--tool-arg", "message=hello from 2026", "--format", "json"));
    assertThat(echo.path("result").path("content").get(0).path("text").asString()).isEqualTo("hello from 2026");
    assertThat(echo.path("result").path("_meta").path("io.modelcontextprotocol/serverInfo").path("name").asString())
        .isEqualTo("mcpkit-demo");
  }

  @Test
  void listsAndCallsOverStdioThroughTheLauncher() throws Exception {
    String launcher = Repo.root().resolve("mcpkit").toString();
    assertThat(toolNames(inspect("stdio-list", List.of("--method", "tools/list", "--format", "json",
        "--", launcher, "serve", "--stdio")))).containsExactly("echo_message", "add_numbers", "save_note");
    JsonNode echo = inspect("stdio-call", List.of("--method", "tools/call", "--tool-name", "echo_message",
        "--tool-arg", "message=hi over stdio", "--format", "json", "--", launcher, "serve", "--stdio"));
    assertThat(echo.path("result").path("content").get(0).path("text").asString()).isEqualTo("hi over stdio");
    JsonNode modern = inspect("stdio-modern-call", List.of("--protocol-era", "modern", "--method", "tools/call",
        "--tool-name", "add_numbers", "--tool-arg", "a=1e2", "--tool-arg", "b=0.5", "--format", "json",
        "--", launcher, "serve", "--stdio"));
    assertThat(modern.path("result").path("content").get(0).path("text").asString()).isEqualTo("100.5");
  }
}
