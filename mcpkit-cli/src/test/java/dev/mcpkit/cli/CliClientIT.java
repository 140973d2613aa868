package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.client.testing.NodePeers;
import dev.mcpkit.conformance.EverythingServer;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.http.McpHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcpkit call} and {@code mcpkit list} as documented, run from the shaded jar against the
 * mcpkit server, server-everything and TypeScript SDK v2 servers (both eras, HTTP and stdio), and
 * through config-file targets; every documented exit code is produced by a real situation.
 */
class CliClientIT {

  static McpHttpServer mcpkit;
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    mcpkit = McpHttpServer.builder(EverythingServer.create()).port(0).build().start();
  }

  @AfterAll
  static void stop() {
    mcpkit.close();
  }

  private static String url() {
    return mcpkit.endpoint().toString();
  }

  private static List<String> stdioMcpkit() {
    return List.of("--", Cli.java(), "-jar", Cli.jar().toString(), "conformance-server", "--stdio");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void listShowsReadableTables() throws Exception {
    Cli.Result r = Cli.run("list", url());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("SERVER (1)", "mcpkit-everything", "2026-07-28 (stateless)", "TOOLS (", "test_simple_text",
        "RESOURCES (", "test://static-text", "RESOURCE TEMPLATES (", "test://template/{id}/data", "PROMPTS (",
        "test_prompt_with_arguments", "arg1, arg2");
  }

  @Test
  void callPrintsTheResultAndJsonOnRequest() throws Exception {
    Cli.Result r = Cli.run("call", url(), "tools/call", "--tool", "test_simple_text");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().strip()).isEqualTo("This is a simple text response for testing.");
    Cli.Result j = Cli.run("call", url(), "tools/call", "--tool", "test_simple_text", "--json");
    JsonNode json = Json.parse(j.out());
    assertThat(json.path("content").get(0).path("text").asString()).isEqualTo("This is a simple text response for testing.");
    Cli.Result read = Cli.run("call", url(), "resources/read", "--uri", "test://static-text");
    assertThat(read.out()).contains("This is the content of the static text resource.");
    Cli.Result prompt = Cli.run("call", url(), "prompts/get", "--prompt", "test_prompt_with_arguments", "--arg", "arg1=A", "--arg", "arg2=B");
    assertThat(prompt.exit()).as(prompt.toString()).isZero();
    assertThat(prompt.out()).contains("user: ");
  }

  @Test
  void verbosePrintsEveryFrameInBothDirections() throws Exception {
    Cli.Result r = Cli.run("call", url(), "tools/list", "--verbose", "--protocol", "2025-11-25");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.err()).contains("> {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"")
        .contains("< {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{").contains("> {\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"")
        .contains("\"method\":\"tools/list\"");
  }

  @Test
  void exitCodesSayWhatFailed() throws Exception {
    Cli.Result toolError = Cli.run("call", url(), "tools/call", "--tool", "test_error_handling");
    assertThat(toolError.exit()).as(toolError.toString()).isEqualTo(ExitCodes.TOOL_ERROR);
    assertThat(toolError.out()).contains("intentionally returns an error");

    Cli.Result protocol = Cli.run("call", url(), "tools/call", "--tool", "no_such_tool");
    assertThat(protocol.exit()).as(protocol.toString()).isEqualTo(ExitCodes.PROTOCOL);
    assertThat(protocol.err()).contains("mcpkit: protocol error:");

    Cli.Result connection = Cli.run("call", "http://127.0.0.1:1/mcp", "tools/list", "--timeout", "5s");
    assertThat(connection.exit()).as(connection.toString()).isEqualTo(ExitCodes.CONNECTION);
    assertThat(connection.err()).contains("cannot connect to http://127.0.0.1:1/mcp");

    Cli.Result usage = Cli.run("call", url());
    assertThat(usage.exit()).isEqualTo(ExitCodes.USAGE);

    // SEC-TR-18: plain http to a host that is not loopback is refused before any connection
    Cli.Result plain = Cli.run("list", "http://mcp.example.test/mcp");
    assertThat(plain.exit()).as(plain.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(plain.err()).contains("refusing plain http to mcp.example.test").contains("--insecure-http");

    Server guarded = new Server();
    ServerConnector c = new ServerConnector(guarded);
    c.setHost("127.0.0.1");
    guarded.addConnector(c);
    guarded.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
          org.eclipse.jetty.util.Callback callback) {
        response.setStatus(401);
        response.getHeaders().put("WWW-Authenticate", "Bearer resource_metadata=\"http://127.0.0.1/.well-known/oauth-protected-resource\"");
        callback.succeeded();
        return true;
      }
    });
    guarded.start();
    try {
      Cli.Result auth = Cli.run("call", "http://127.0.0.1:" + c.getLocalPort() + "/mcp", "tools/list");
      assertThat(auth.exit()).as(auth.toString()).isEqualTo(ExitCodes.AUTH_REQUIRED);
      assertThat(auth.err()).contains("requires authorization").contains("resource_metadata");
    } finally {
      guarded.stop();
    }
  }

  @Test
  void stdioTargetAfterDoubleDash() throws Exception {
    Cli.Result r = Cli.run(Map.of(), concat(List.of("call", "tools/call", "--tool", "test_simple_text"), stdioMcpkit()));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().strip()).isEqualTo("This is a simple text response for testing.");
    Cli.Result list = Cli.run(Map.of(), concat(List.of("list"), stdioMcpkit()));
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out()).contains("stdio", "test_simple_text");
  }

  @Test
  void serverEverythingOverHttpAndStdio() throws Exception {
    try (var peer = NodePeers.everythingHttp()) {
      Cli.Result r = Cli.run("call", peer.endpoint().toString(), "tools/call", "--tool", "get-sum", "--arg", "a=2", "--arg", "b=3");
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out().strip()).isEqualTo("The sum of 2 and 3 is 5.");
      Cli.Result list = Cli.run("list", peer.endpoint().toString());
      assertThat(list.out()).contains("2025-11-25 (session)", "echo", "demo://resource/static/document/", "args-prompt");
    }
    List<String> stdio = List.of("--", NodePeers.node().toString(), NodePeers.everything().toString(), "stdio");
    Cli.Result r = Cli.run(Map.of(), concat(List.of("call", "tools/call", "--tool", "echo", "--arg", "message=hello there"), stdio));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().strip()).isEqualTo("Echo: hello there");
    Cli.Result prompt = Cli.run(Map.of(), concat(List.of("call", "prompts/get", "--prompt", "args-prompt", "--arg", "city=Paris"), stdio));
    assertThat(prompt.exit()).as(prompt.toString()).isZero();
    assertThat(prompt.out()).contains("Paris");
  }

  @Test
  void typescriptServersInBothEras() throws Exception {
    try (var modern = NodePeers.tsHttp("modern"); var session = NodePeers.tsHttp("session")) {
      Cli.Result m = Cli.run("call", modern.endpoint().toString(), "resources/read", "--uri", "peer://greeting");
      assertThat(m.exit()).as(m.toString()).isZero();
      assertThat(m.out()).contains("hello (era modern)");
      Cli.Result s = Cli.run("call", session.endpoint().toString(), "tools/call", "--tool", "add", "--arg", "a=20", "--arg", "b=22");
      assertThat(s.exit()).as(s.toString()).isZero();
      assertThat(s.out().strip()).isEqualTo("42");
      Cli.Result forced = Cli.run("call", session.endpoint().toString(), "tools/list", "--protocol", "2026-07-28");
      assertThat(forced.exit()).as(forced.toString()).isEqualTo(ExitCodes.PROTOCOL);
      assertThat(forced.err()).contains("does not speak protocol revision 2026-07-28");
    }
    List<String> stdio = List.of("--", NodePeers.node().toString(), NodePeers.dir().resolve("stdio-server.mjs").toString(), "dual");
    Cli.Result p = Cli.run(Map.of(), concat(List.of("call", "prompts/get", "--prompt", "greet", "--arg", "name=Ada"), stdio));
    assertThat(p.exit()).as(p.toString()).isZero();
    assertThat(p.out()).contains("user: Say hello to Ada");
  }

  @Test
  void configFileTargetsInVsCodeAndMcpServersFormats() throws Exception {
    Path vscode = tmp.resolve(".vscode/mcp.json");
    Files.createDirectories(vscode.getParent());
    Files.writeString(vscode, """
        {
          // JSONC: comments and trailing commas are allowed
          "inputs": [ { "type": "promptString", "id": "who", "description": "Who to greet", "password": false } ],
          "servers": {
            "peer": {
              "type": "stdio",
              "command": "%s",
              "args": ["${workspaceFolder}/peers/stdio-server.mjs", "dual"],
              "env": { "GREETING_TARGET": "${input:who}" },
            },
          },
        }
        """.formatted(NodePeers.node()));
    Files.createDirectories(tmp.resolve("peers"));
    for (String f : List.of("stdio-server.mjs", "factory.mjs")) {
      Files.copy(NodePeers.dir().resolve(f), tmp.resolve("peers").resolve(f));
    }
    Files.createSymbolicLink(tmp.resolve("peers/node_modules"), NodePeers.dir().resolve("node_modules"));

    Cli.Result noTty = Cli.run("call", "--config", vscode.toString(), "peer", "tools/list");
    assertThat(noTty.exit()).as(noTty.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(noTty.err()).contains("needs the input \"who\" (Who to greet)").contains("--input who=VALUE");

    Cli.Result ok = Cli.run("call", "--config", vscode.toString(), "--input", "who=Ada", "peer", "tools/call", "--tool", "add",
        "--args-json", "{\"a\":1,\"b\":2}");
    assertThat(ok.exit()).as(ok.toString()).isZero();
    assertThat(ok.out().strip()).isEqualTo("3");

    Path claude = tmp.resolve("claude_desktop_config.json");
    Files.writeString(claude, """
        {"mcpServers": {"everything": {"url": "${MCPKIT_IT_URL:-%s}", "headers": {"X-Team": "${env:HOME}"}}}}
        """.formatted(url()));
    Cli.Result http = Cli.run("list", "--config", claude.toString(), "everything");
    assertThat(http.exit()).as(http.toString()).isZero();
    assertThat(http.out()).contains("mcpkit-everything");
    Cli.Result missing = Cli.run("list", "--config", claude.toString(), "nope");
    assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("no server named \"nope\"").contains("everything");
  }
}
