package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.cli.demo.DemoServer;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcpkit snapshot} and {@code mcpkit diff} on real servers on 127.0.0.1: the snapshot file of the demo server,
 * and the diff's output and exit code for identical, additive (0) and breaking (1) surfaces, files and live targets.
 */
class SnapshotDiffCommandTest {

  @TempDir Path tmp;

  private static McpServer server(boolean withSubtract, String addInput) {
    var b = McpServer.builder().name("calc").version("1")
        .tool(ServerTool.builder("add").description("Adds").inputSchema(addInput)
            .handler(call -> ToolResults.text("3")).build());
    if (withSubtract) {
      b.tool(ServerTool.builder("subtract").description("Subtracts").inputSchema("{\"type\":\"object\"}")
          .handler(call -> ToolResults.text("1")).build());
    }
    return b.build();
  }

  private static final String AB = """
      {"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}""";

  private Path snapshot(McpServer server, String name) throws Exception {
    try (McpHttpServer http = McpHttpServer.builder(server).port(0).build().start()) {
      Cli.Result r = InProcessCli.run("snapshot", http.endpoint().toString());
      assertThat(r.exit()).as(r.toString()).isZero();
      Path file = tmp.resolve(name);
      Files.writeString(file, r.out());
      return file;
    }
  }

  @Test
  void theDemoServersSnapshotHoldsItsWholeSurface() throws Exception {
    JsonNode s = Json.parse(Files.readString(snapshot(DemoServer.create(), "demo.json")));
    assertThat(s.path("format").asString()).isEqualTo("mcpkit-snapshot");
    assertThat(s.path("version").asInt()).isEqualTo(1);
    assertThat(s.path("serverInfo").path("name").asString()).isEqualTo("mcpkit-demo");
    assertThat(s.path("instructions").asString()).startsWith("A demo server");
    assertThat(s.path("capabilities").has("tools")).isTrue();
    assertThat(s.path("tools").findValuesAsString("name")).contains("echo_message", "add_numbers");
    assertThat(s.path("tools").get(0).has("inputSchema")).isTrue();
    assertThat(s.path("prompts").get(0).path("name").asString()).isEqualTo("greet");
    assertThat(s.path("resources").findValuesAsString("uri")).contains("mcpkit://demo/about");
    assertThat(s.path("hashes").path("tools/echo_message").asString()).startsWith("sha256:");
  }

  @Test
  void identicalSurfacesExitZero() throws Exception {
    Path a = snapshot(server(false, AB), "a.json");
    Path b = snapshot(server(false, AB), "b.json");
    Cli.Result r = InProcessCli.run("diff", a.toString(), b.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("No changes.\n");
  }

  @Test
  void anAdditiveChangeExitsZeroAndIsListed() throws Exception {
    Path a = snapshot(server(false, AB), "a.json");
    try (McpHttpServer live = McpHttpServer.builder(server(true, AB)).port(0).build().start()) {
      Cli.Result r = InProcessCli.run("diff", a.toString(), live.endpoint().toString());
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).contains("ok        added    tool \"subtract\": newly offered",
          "0 breaking, 1 non-breaking change.");
    }
  }

  @Test
  void aBreakingChangeExitsOneAndJsonSaysWhy() throws Exception {
    Path a = snapshot(server(true, AB), "a.json");
    Path b = snapshot(server(false, AB.replace("\"required\":[\"a\",\"b\"]", "\"required\":[\"a\",\"b\",\"c\"]")),
        "b.json");
    Cli.Result r = InProcessCli.run("diff", a.toString(), b.toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("BREAKING  removed  tool \"subtract\": no longer offered",
        "BREAKING  changed  tool \"add\": /inputSchema/properties/c: new required input \"c\"", "2 breaking, ");
    Cli.Result json = InProcessCli.run("diff", "--json", a.toString(), b.toString());
    assertThat(json.exit()).isEqualTo(1);
    JsonNode d = Json.parse(json.out());
    assertThat(d.path("breaking").asInt()).isEqualTo(2);
    assertThat(d.path("changes").get(0).path("breaking").asBoolean()).isTrue();
    assertThat(d.path("changes").get(0).path("kind").asString()).isEqualTo("removed");
  }

  @Test
  void aFileThatIsNotASnapshotIsAUsageError() throws Exception {
    Path junk = Files.writeString(tmp.resolve("junk.json"), "{\"tools\": []}");
    Cli.Result r = InProcessCli.run("diff", junk.toString(), junk.toString());
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("not an mcpkit snapshot").doesNotContain("Exception");
    Cli.Result missing = InProcessCli.run("diff", tmp.resolve("nope.json").toString(), junk.toString());
    assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("cannot read", "give a snapshot file or an http(s):// URL");
  }
}
