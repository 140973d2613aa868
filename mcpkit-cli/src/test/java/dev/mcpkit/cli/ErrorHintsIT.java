package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.cli.demo.DemoServer;
import dev.mcpkit.cli.it.McpkitProcess;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.http.McpHttpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors that say what to do, from the shaded jar against real servers on 127.0.0.1: a port in use
 * (named, with the {@code --port} to type, and what holds it), unknown names with "did you mean" and the choices, a
 * broken or missing configuration file in plain words, the {@code localhost}/{@code 127.0.0.1} resource mismatch,
 * undeclared tool arguments, {@code ping}'s {@code ok (N ms)} and {@code mcpkit version}.
 */
class ErrorHintsIT {

  static McpHttpServer demo;
  static McpHttpServer extras;
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    demo = McpHttpServer.builder(DemoServer.create()).port(0).build().start();
    extras = McpHttpServer.builder(McpServer.builder().name("extras").version("1")
        .tool(ServerTool.builder("closed").inputSchema("""
            {"type":"object","properties":{"message":{"type":"string"}}}""")
            .handler(call -> ToolResults.text("closed got " + call.arguments().propertyNames())).build())
        .tool(ServerTool.builder("open").inputSchema("""
            {"type":"object","properties":{"message":{"type":"string"}},"additionalProperties":true}""")
            .handler(call -> ToolResults.text("open got " + call.arguments().propertyNames())).build())
        .build()).port(0).build().start();
  }

  @AfterAll
  static void stop() {
    demo.close();
    extras.close();
  }

  private static String url() {
    return demo.endpoint().toString();
  }

  @Test
  void aPortInUseIsNamedWithThePortToUseAndWhatHoldsIt() throws Exception {
    int port = demo.endpoint().getPort();
    for (String command : new String[] {"serve", "up", "conformance-server", "auth-server"}) {
      Cli.Result r = Cli.run(command, "--port", String.valueOf(port));
      assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FAILURE);
      assertThat(r.err()).as(r.toString())
          .contains("port " + port + " on 127.0.0.1 is already in use, by another mcpkit (the server \"mcpkit-demo\"")
          .contains(command + " --port " + (port + 1)).contains("--port 0 for any free one")
          .doesNotContain("Failed to bind", "Exception");
    }
    try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli.Result r = Cli.run("serve", "--port", String.valueOf(other.getLocalPort()));
      assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FAILURE);
      assertThat(r.err()).as(r.toString()).contains("port " + other.getLocalPort() + " on 127.0.0.1 is already in use.")
          .contains("--port 0").doesNotContain("mcpkit-demo");
    }
  }

  @Test
  void unknownNamesGetTheClosestChoiceAndTheList() throws Exception {
    Cli.Result tool = Cli.run("call", url(), "tools/call", "--tool", "echo_mesage", "--arg", "message=hi");
    assertThat(tool.exit()).as(tool.toString()).isEqualTo(ExitCodes.PROTOCOL);
    assertThat(tool.err()).contains("Unknown tool: echo_mesage")
        .contains("did you mean \"echo_message\"? The server's tools: echo_message, add_numbers, save_note");
    Cli.Result prompt = Cli.run("call", url(), "prompts/get", "--prompt", "gret");
    assertThat(prompt.err()).as(prompt.toString()).contains("did you mean \"greet\"? The server's prompts: greet");
    Cli.Result resource = Cli.run("call", url(), "resources/read", "--uri", "mcpkit://demo/abot");
    assertThat(resource.err()).as(resource.toString())
        .contains("did you mean \"mcpkit://demo/about\"? The server's resources: mcpkit://demo/about, mcpkit://demo/notes");
    Cli.Result method = Cli.run("call", url(), "tools/lst");
    assertThat(method.exit()).as(method.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(method.err()).contains("unknown method \"tools/lst\"; did you mean \"tools/list\"? The methods: tools/list,");
    Cli.Result level = Cli.run("call", url(), "logging/setLevel", "--level", "warn");
    assertThat(level.exit()).as(level.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(level.err()).contains("--level: unknown level \"warn\"; did you mean \"warning\"? The levels: debug, info,"
        + " notice, warning, error, critical, alert, emergency");
    Cli.Result revision = Cli.run("call", url(), "ping", "--protocol", "2025-11-52");
    assertThat(revision.err()).as(revision.toString()).contains("did you mean \"2025-11-25\"? The revisions: 2026-07-28,");
    Cli.Result json = Cli.run("call", url(), "tools/call", "--tool", "echo_mesage", "--json");
    assertThat(json.out()).contains("\"hint\":\"did you mean \\\"echo_message\\\"?");
  }

  @Test
  void configFileErrorsSayFileLineAndColumnInPlainWords() throws Exception {
    Path broken = Files.writeString(tmp.resolve("mcp.json"), """
        {
          "mcpServers": {
            "demo": { "url": "%s" }
            "other": { "url": "%s" }
          }
        }
        """.formatted(url(), url()));
    Cli.Result r = Cli.run("list", "--config", broken.toString(), "demo");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("the configuration file " + broken + " is not valid JSON at line 4, column 5: unexpected \""
        + " where a comma between two entries should be").doesNotContain("code 34", "Source", "REDACTED", "offset");
    Path truncated = Files.writeString(tmp.resolve("claude.json"), "{\n  \"mcpServers\": {\n    \"demo\": {\"url\": \"x\"}\n");
    Cli.Result t = Cli.run("list", "--config", truncated.toString(), "demo");
    assertThat(t.err()).as(t.toString()).contains("is not valid JSON at line 4, column 1: the file ends before the JSON does"
        + " (a closing } or ] is missing)").doesNotContain("Source", "REDACTED", "marker", "#UNKNOWN");
    Path missing = tmp.resolve("nope.json");
    Cli.Result m = Cli.run("list", "--config", missing.toString(), "demo");
    assertThat(m.exit()).as(m.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(m.err()).contains("mcpkit: usage: no such file: " + missing + "\n").doesNotContain("NoSuchFile");
  }

  @Test
  void localhostForA127ResourceSaysWhichUrlToUse() throws Exception {
    try (McpkitProcess up = McpkitProcess.startHttp(Cli.jar(), "up", "--port", "0")) {
      String typed = up.endpoint().toString().replace("127.0.0.1", "localhost");
      Cli.Result r = Cli.run("call", typed, "tools/list");
      assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.AUTH_REQUIRED);
      assertThat(r.err()).contains("The server knows itself as " + up.endpoint() + ": use that URL");
    }
  }

  @Test
  void undeclaredToolArgumentsAreWarnedAboutUnlessTheSchemaAllowsThem() throws Exception {
    String u = extras.endpoint().toString();
    Cli.Result closed = Cli.run("call", u, "tools/call", "--tool", "closed", "--arg", "message=hi", "--arg", "mesage=x");
    assertThat(closed.exit()).as(closed.toString()).isZero();
    assertThat(closed.err()).contains("mcpkit: warning: the tool closed does not declare the argument \"mesage\" (did you"
        + " mean \"message\"?); the server may ignore it or refuse the call. Its arguments: message");
    Cli.Result json = Cli.run("call", u, "tools/call", "--tool", "closed", "--args-json", "{\"extra\":1}");
    assertThat(json.err()).as(json.toString()).contains("does not declare the argument \"extra\"");
    Cli.Result declared = Cli.run("call", u, "tools/call", "--tool", "closed", "--arg", "message=hi");
    assertThat(declared.err()).as(declared.toString()).doesNotContain("warning");
    Cli.Result open = Cli.run("call", u, "tools/call", "--tool", "open", "--arg", "message=hi", "--arg", "mesage=x");
    assertThat(open.exit()).as(open.toString()).isZero();
    assertThat(open.out()).contains("open got [message, mesage]");
    assertThat(open.err()).doesNotContain("warning");
  }

  @Test
  void pingSaysOkWithTheTimeAndVersionIsACommand() throws Exception {
    Cli.Result ping = Cli.run("call", url(), "ping");
    assertThat(ping.exit()).as(ping.toString()).isZero();
    assertThat(ping.out()).matches("ok \\(\\d+ ms\\)\\R");
    Cli.Result version = Cli.run("version");
    assertThat(version.exit()).as(version.toString()).isZero();
    assertThat(version.out()).isEqualTo(Cli.run("--version").out()).startsWith("mcpkit ");
  }
}
