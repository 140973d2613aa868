package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mcpkit.client.testing.BadStdioPeer;
import dev.mcpkit.client.testing.Servers;
import dev.mcpkit.client.transport.StdioCommand;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.TextContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** stdio servers that misbehave: each failure is clear, bounded in time, and leaves the client usable or cleanly closed. */
class BadStdioPeerTest {

  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  private McpClient connect(String mode, int maxLine) {
    StdioCommand cmd = Servers.java(BadStdioPeer.class, mode).withStderr(stderr::add).withMaxLineBytes(maxLine);
    return McpClient.builder().stdio(cmd).requestTimeout(Duration.ofSeconds(2)).onWarning(warnings::add).connect();
  }

  @Test
  void junkOnStdoutIsReportedAndSkipped() {
    try (McpClient client = connect("junk", 1 << 20)) {
      var r = client.callTool("work", Map.of());
      assertThat(((TextContent) r.content().getFirst()).text()).isEqualTo("done");
      assertThat(warnings).hasSize(3).allMatch(w -> w.contains("not JSON-RPC"));
      assertThat(warnings.get(1)).contains("<html>");
    }
  }

  @Test
  void junkInsteadOfAnAnswerTimesOutNamingTheJunk() {
    try (McpClient client = connect("junk-only", 1 << 20)) {
      assertThatThrownBy(() -> client.callTool("work", Map.of()))
          .isInstanceOf(McpTimeoutException.class)
          .hasMessageContaining("tools/call: no answer from")
          .hasMessageContaining("within 2 s")
          .hasMessageContaining("3 unusable message(s)");
      assertThat(client.isOpen()).isTrue();
      client.ping();
    }
  }

  @Test
  void serverDyingMidCallFailsAtOnceWithItsExitCodeAndStderr() {
    McpClient client = connect("die", 1 << 20);
    long start = System.nanoTime();
    assertThatThrownBy(() -> client.callTool("work", Map.of()))
        .isInstanceOf(McpConnectionException.class)
        .isNotInstanceOf(McpTimeoutException.class)
        .hasMessageContaining("exited with code 3")
        .hasMessageContaining("ran out of cheese");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(client.isOpen()).isFalse();
    assertThatThrownBy(client::ping).isInstanceOf(McpConnectionException.class).hasMessageContaining("exited");
    client.close();
  }

  @Test
  void oversizeMessageIsRefusedAndTheClientStaysUsable() {
    try (McpClient client = connect("oversize", 64 * 1024)) {
      assertThatThrownBy(() -> client.callTool("work", Map.of()))
          .isInstanceOf(McpProtocolException.class)
          .hasMessageContaining("larger than 65536 bytes");
      var r = client.callTool("work", Map.of());
      assertThat(((TextContent) r.content().getFirst()).text()).isEqualTo("done");
    }
  }

  @Test
  void serverThatNeverAnswersTimesOutAndIsToldTheRequestIsCancelled() {
    try (McpClient client = connect("silent", 1 << 20)) {
      assertThatThrownBy(() -> client.callTool("work", dev.mcpkit.core.json.Json.object(), RequestOptions.defaults().withTimeout(Duration.ofMillis(300))))
          .isInstanceOf(McpTimeoutException.class)
          .hasMessageContaining("within 300 ms");
      await().atMost(Duration.ofSeconds(20)).until(() -> stderr.stream().anyMatch(l -> l.startsWith("cancelled ")));
      client.ping(); // still usable
    }
  }

  @Test
  void aBatchOnStdoutIsRefusedOutside2025_03_26AndTakenIn2025_03_26() {
    for (var v : List.of(ProtocolVersion.V2026_07_28, ProtocolVersion.V2025_11_25, ProtocolVersion.V2025_06_18)) {
      StdioCommand cmd = Servers.java(BadStdioPeer.class, "batch").withStderr(stderr::add);
      try (McpClient client = McpClient.builder().stdio(cmd).protocolVersion(v).requestTimeout(Duration.ofSeconds(5))
          .probeTimeout(Duration.ofSeconds(30)).onWarning(warnings::add).connect()) {
        assertThatThrownBy(() -> client.callTool("work", Map.of()))
            .as(v.id())
            .isInstanceOf(McpProtocolException.class)
            .hasMessageContaining("sent a JSON-RPC batch (1 messages on one line); batches exist only in protocol"
                + " revision 2025-03-26, not in " + v.id());
        assertThat(client.isOpen()).isTrue();
      }
    }
    StdioCommand cmd = Servers.java(BadStdioPeer.class, "batch").withStderr(stderr::add);
    try (McpClient client = McpClient.builder().stdio(cmd).protocolVersion(ProtocolVersion.V2025_03_26)
        .requestTimeout(Duration.ofSeconds(5)).probeTimeout(Duration.ofSeconds(30)).connect()) {
      var r = client.callTool("work", Map.of());
      assertThat(((TextContent) r.content().getFirst()).text()).isEqualTo("done");
    }
  }

  @Test
  void aServerThatNeverReadsItsStdinCostsACallNoMoreThanItsTimeout() {
    // After the handshake the server reads nothing: once the pipe buffer (64 KiB on Linux) is full, writes block.
    StdioCommand cmd = Servers.java(BadStdioPeer.class, "deaf").withStderr(stderr::add);
    var client = McpClient.builder().stdio(cmd).probeTimeout(Duration.ofSeconds(30))
        .requestTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(2)).connect();
    var args = dev.mcpkit.core.json.Json.object().put("blob", "x".repeat(1 << 20));
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      assertThatThrownBy(() -> client.callTool("work", args, RequestOptions.defaults()))
          .isInstanceOf(McpTimeoutException.class)
          .hasMessageContaining("tools/call: no answer from")
          .hasMessageContaining("within 2 s");
      client.close();
    });
  }

  @Test
  void aCommandThatCannotStartFailsClearly() {
    assertThatThrownBy(() -> McpClient.connect(StdioCommand.of("/nonexistent/mcp-server", "--stdio")))
        .isInstanceOf(McpConnectionException.class)
        .hasMessageContaining("cannot start the server '/nonexistent/mcp-server --stdio'");
  }

  @Test
  void argumentsAreNeverInterpretedByAShell() throws Exception {
    java.nio.file.Path canary = java.nio.file.Files.createTempDirectory("mcpkit").resolve("canary");
    // A shell would run the touch; as one argv element it is just a strange file name for 'true'.
    StdioCommand cmd = StdioCommand.of("true", "; touch " + canary, "$(touch " + canary + ")");
    assertThatThrownBy(() -> McpClient.builder().stdio(cmd).probeTimeout(Duration.ofMillis(500)).connect())
        .isInstanceOf(McpConnectionException.class);
    assertThat(canary).doesNotExist();
  }
}
