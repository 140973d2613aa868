package dev.mcpkit.examples.basic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpClientBuilder;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.transport.StdioCommand;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.ReadResourceResult;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.TextResourceContents;
import dev.mcpkit.core.schema.Tool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the example's real {@code main} in a child JVM (the JDK running this test) on each transport and calls it with
 * mcpkit's {@link McpClient}, in the 2026-07-28 era and in a 2025 session.
 */
class BasicServerTest {

  /** The example's main in a child JVM, with this test's class path. */
  private static List<String> javaMain(String... args) {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), BasicServer.class.getName()));
    argv.addAll(List.of(args));
    return argv;
  }

  private static McpClientBuilder client(ProtocolVersion version, List<String> warnings) {
    McpClientBuilder b = McpClient.builder().clientInfo("basic-server-test", "1.0")
        .requestTimeout(Duration.ofSeconds(30)).onWarning(warnings::add);
    return version == ProtocolVersion.V2026_07_28 ? b : b.protocolVersion(version);
  }

  @ParameterizedTest
  @EnumSource(value = ProtocolVersion.class, names = {"V2026_07_28", "V2025_11_25"})
  void stdio(ProtocolVersion version) {
    List<String> stderr = new CopyOnWriteArrayList<>();
    List<String> warnings = new CopyOnWriteArrayList<>();
    try (McpClient c = client(version, warnings)
        .stdio(StdioCommand.of(javaMain("stdio")).withStderr(stderr::add)).connect()) {
      assertThat(c.serverInfo().transport()).isEqualTo("stdio");
      exercise(c, version);
    }
    // The log line went to stderr, and stdout carried nothing but JSON-RPC (the client warns about anything else).
    assertThat(stderr).anyMatch(l -> l.contains("basic-server: serving MCP on stdin/stdout"));
    assertThat(warnings).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = ProtocolVersion.class, names = {"V2026_07_28", "V2025_11_25"})
  void http(ProtocolVersion version) throws Exception {
    Process p = new ProcessBuilder(javaMain("http", "--port", "0")).start();
    try {
      String url = endpointFromLog(p);
      assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/mcp");
      List<String> warnings = new CopyOnWriteArrayList<>();
      try (McpClient c = client(version, warnings).url(url).connect()) {
        assertThat(c.serverInfo().transport()).isEqualTo("streamable-http");
        exercise(c, version);
      }
      assertThat(warnings).isEmpty();
    } finally {
      p.destroy(); // SIGTERM: the shutdown hook closes the server
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
    }
  }

  @Test
  void anUnknownTransportIsABadUsage() throws Exception {
    Process p = new ProcessBuilder(javaMain("sse")).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err.strip()).isEqualTo(BasicServer.USAGE);
    assertThat(p.getInputStream().readAllBytes()).isEmpty();
  }

  /** Reads the child's stderr until it logs its endpoint (and keeps draining it afterwards). */
  private static String endpointFromLog(Process p) throws Exception {
    CompletableFuture<String> url = new CompletableFuture<>();
    Pattern endpoint = Pattern.compile("Streamable HTTP on (http://\\S+/mcp)");
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          Matcher m = endpoint.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
        url.completeExceptionally(new AssertionError("the server exited without logging its endpoint"));
      } catch (Exception e) {
        url.completeExceptionally(e);
      }
    });
    return url.get(60, TimeUnit.SECONDS);
  }

  /** The same calls on every transport and era. */
  private static void exercise(McpClient c, ProtocolVersion version) {
    assertThat(c.serverInfo().protocolVersion()).isEqualTo(version);
    assertThat(c.serverInfo().implementation().name()).isEqualTo("basic-server");

    assertThat(c.listAllTools()).extracting(Tool::name).containsExactlyInAnyOrder("echo_message", "add_numbers");
    Tool add = c.listAllTools().stream().filter(t -> t.name().equals("add_numbers")).findFirst().orElseThrow();
    assertThat(add.inputSchema().path("required").toString()).contains("a").contains("b");
    assertThat(add.outputSchema().path("properties").has("sum")).isTrue();

    assertThat(text(c.callTool("echo_message", Map.of("message", "hello")))).isEqualTo("Echo: hello");

    // Exact decimal arithmetic: the workshop printed "Sum: %.0f", and doubles give 0.30000000000000004.
    CallToolResult sum = c.callTool("add_numbers", Map.of("a", 0.1, "b", 0.2));
    assertThat(sum.isError()).isNotEqualTo(Boolean.TRUE);
    assertThat(text(sum)).isEqualTo("{\"sum\":0.3}");
    assertThat(sum.structuredContent().get("sum").decimalValue()).isEqualByComparingTo("0.3");

    // Beyond what a double holds: still exact.
    assertThat(text(c.callTool("add_numbers", Map.of("a", new BigDecimal("12345678901234567890.1"), "b",
        new BigDecimal("0.2"))))).isEqualTo("{\"sum\":12345678901234567890.3}");

    // Arguments are checked against the record's schema before the handler runs: a clear error, nothing ran.
    assertThatThrownBy(() -> c.callTool("add_numbers", Map.of("a", "one", "b", 2)))
        .isInstanceOfSatisfying(McpRpcException.class, e -> assertThat(e.code()).isEqualTo(-32602))
        .hasMessage("Invalid arguments for tool add_numbers: /a: string found, number expected (JSON-RPC error -32602)");
    assertThat(text(c.callTool("echo_message", Map.of("message", "still here")))).isEqualTo("Echo: still here");

    ReadResourceResult about = c.readResource("basic://about");
    assertThat(((TextResourceContents) about.contents().getFirst()).text()).startsWith("# basic-server");

    GetPromptResult greet = c.getPrompt("greet", Map.of("name", "Ada"));
    assertThat(((TextContent) greet.messages().getFirst().content()).text())
        .isEqualTo("Write a short, friendly greeting for Ada.");
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().getFirst()).text();
  }
}
