package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcpkit serve --stdio} as a host runs it: stdout carries JSON-RPC lines only, end of input
 * ends the process cleanly after answering, and SIGTERM stops it without a torn message.
 */
class StdioProcessIT {

  static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
      + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";

  @Test
  void endOfInputExitsZeroAfterAnswering() throws Exception {
    Process p = new ProcessBuilder(McpkitProcess.command("serve", "--stdio")).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write((INIT + "\n{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
          + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"add_numbers\","
          + "\"arguments\":{\"a\":0.1,\"b\":0.2}}}\n"
          + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
          + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits on end of input").isTrue();
    assertThat(p.exitValue()).isZero();
    List<JsonNode> lines = readAll(p);
    assertThat(lines).hasSize(3);
    assertThat(lines).allSatisfy(l -> assertThat(l.path("jsonrpc").asString()).isEqualTo("2.0"));
    JsonNode sum = lines.stream().filter(l -> l.path("id").asInt() == 2).findFirst().orElseThrow();
    assertThat(sum.path("result").path("content").get(0).path("text").asString()).isEqualTo("0.3");
    JsonNode modern = lines.stream().filter(l -> l.path("id").asInt() == 3).findFirst().orElseThrow();
    assertThat(modern.path("result").path("resultType").asString()).isEqualTo("complete");
  }

  @Test
  void sigtermStopsCleanly() throws Exception {
    Process p = new ProcessBuilder(McpkitProcess.command("serve", "--stdio")).start();
    OutputStream in = p.getOutputStream();
    in.write((INIT + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    JsonNode init = Json.parse(out.readLine());
    assertThat(init.path("result").path("protocolVersion").asString()).isEqualTo("2025-11-25");
    p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of the pipes)
    StringBuilder restBuf = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      restBuf.append(line).append('\n');
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    String rest = restBuf.toString();
    assertThat(rest).as("nothing but whole JSON lines after SIGTERM").satisfiesAnyOf(
        r -> assertThat(r).isEmpty(),
        r -> assertThat(r.lines().map(Json::parse)).isNotEmpty());
  }

  /**
   * {@code serve --stdio}, the command hosts spawn per session, answers its first request
   * without building picocli's model of the whole command line (its classes are too old for the start-up
   * archive, and building the model was most of the start) and without starting Jetty. The JVM's own class-load
   * log says which classes the process loaded.
   */
  @Test
  void theStdioServerStartsWithoutTheCommandLineModelOrJetty(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("classes.log");
    List<String> cmd = new ArrayList<>(McpkitProcess.command("serve", "--stdio"));
    cmd.add(1, "-Xlog:class+load=info:file=" + log);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo_message\","
          + "\"arguments\":{\"message\":\"hi\"},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
          + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}\n").getBytes(StandardCharsets.UTF_8));
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits on end of input").isTrue();
    assertThat(p.exitValue()).isZero();
    List<JsonNode> lines = readAll(p);
    assertThat(lines).hasSize(1);
    assertThat(lines.getFirst().path("result").path("content").get(0).path("text").asString()).isEqualTo("hi");
    List<String> loaded = Files.readAllLines(log);
    assertThat(loaded).as("the class-load log").anyMatch(l -> l.contains(" dev.mcpkit.server.stdio.StdioServer "));
    assertThat(loaded).as("classes loaded by serve --stdio")
        .noneMatch(l -> l.contains(" picocli.")).noneMatch(l -> l.contains(" org.eclipse.jetty."));
  }

  private static List<JsonNode> readAll(Process p) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(Json.parse(line));
      }
    }
    return lines;
  }
}
