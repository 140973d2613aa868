package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.testing.BadHttpPeer;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.TextContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP servers that misbehave: each failure is clear and bounded, and the client stays usable afterwards. */
class BadHttpPeerTest {

  static BadHttpPeer peer;
  McpClient client;
  final List<String> warnings = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    peer = new BadHttpPeer();
  }

  @AfterAll
  static void stop() throws Exception {
    peer.close();
  }

  @BeforeEach
  void connect() {
    client = McpClient.builder().url(peer.endpoint()).requestTimeout(Duration.ofSeconds(2)).maxMessageBytes(64 * 1024)
        .onWarning(warnings::add).connect();
  }

  @AfterEach
  void close() {
    assertThat(text(client.callTool("ok", Map.of()))).isEqualTo("ok"); // every failure leaves the client usable
    client.close();
  }

  private static String text(dev.mcpkit.core.schema.CallToolResult r) {
    return ((TextContent) r.content().getFirst()).text();
  }

  @Test
  void htmlAnswer() {
    assertThatThrownBy(() -> client.callTool("html", Map.of()))
        .isInstanceOf(McpHttpException.class)
        .hasMessageContaining("answered HTTP 200 with text/html")
        .hasMessageContaining("is this URL an MCP endpoint?")
        .hasMessageContaining("Welcome to nginx");
  }

  @Test
  void streamClosedBeforeTheAnswer() {
    assertThatThrownBy(() -> client.callTool("early-close", Map.of()))
        .isInstanceOf(McpProtocolException.class)
        .hasMessageContaining("closed the stream before answering request");
  }

  @Test
  void junkEvent() {
    assertThatThrownBy(() -> client.callTool("junk", Map.of())).isInstanceOf(McpProtocolException.class)
        .hasMessageContaining("closed the stream before answering");
    assertThat(warnings).anyMatch(w -> w.contains("not JSON-RPC") && w.contains("<html>oops"));
  }

  /** Core Json refuses the answer: neither "result" is taken (last-wins would show "second"). */
  @Test
  void answerWithADuplicateKeyIsRefused() {
    assertThatThrownBy(() -> client.callTool("duplicate", Map.of()))
        .isInstanceOf(McpProtocolException.class)
        .hasMessageContaining("answered HTTP 200 with application/json");
  }

  @Test
  void answerWithAHugeExponentIsRefused() {
    assertThatThrownBy(() -> client.callTool("huge-number", Map.of()))
        .isInstanceOf(McpProtocolException.class)
        .hasMessageContaining("answered HTTP 200 with application/json");
  }

  @Test
  void oversizeAnswer() {
    assertThatThrownBy(() -> client.callTool("oversize", Map.of()))
        .isInstanceOf(McpProtocolException.class)
        .hasMessageMatching("tools/call: \\S+ sent an answer larger than 65536 bytes");
  }

  @Test
  void connectionDiesMidAnswer() {
    assertThatThrownBy(() -> client.callTool("reset", Map.of()))
        .isInstanceOf(McpClientException.class)
        .hasMessageContaining("tools/call");
  }

  @Test
  void serverError() {
    assertThatThrownBy(() -> client.callTool("error500", Map.of()))
        .isInstanceOf(McpHttpException.class)
        .hasMessageContaining("answered HTTP 500");
  }

  @Test
  void neverAnswers() {
    assertThatThrownBy(() -> client.callTool("silent", Json.object(), RequestOptions.defaults().withTimeout(Duration.ofMillis(300))))
        .isInstanceOf(McpTimeoutException.class)
        .hasMessageContaining("tools/call: no answer from " + peer.endpoint() + " within 300 ms");
  }

  @Test
  void notAnMcpEndpointAtAll() {
    String url = peer.endpoint().resolve("/index.html").toString();
    assertThatThrownBy(() -> McpClient.connect(url))
        .isInstanceOf(McpProtocolException.class)
        .hasMessageContaining("no MCP server found at " + url)
        .hasMessageContaining("POST server/discover: HTTP 404")
        .hasMessageContaining("POST initialize")
        .hasMessageContaining("GET (HTTP+SSE)");
  }

  @Test
  void nothingListening() {
    assertThatThrownBy(() -> McpClient.connect("http://127.0.0.1:1/mcp"))
        .isInstanceOf(McpConnectionException.class)
        .hasMessageContaining("cannot connect to http://127.0.0.1:1/mcp");
  }
}
