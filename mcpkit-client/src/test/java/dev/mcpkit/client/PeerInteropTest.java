package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.client.testing.NodePeers;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.PromptMessage;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.TextResourceContents;
import dev.mcpkit.core.schema.Tool;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mcpkit client against real third-party servers: the TypeScript SDK v2 (2.4.0) in both eras
 * over HTTP and stdio, and @modelcontextprotocol/server-everything (2025 era) over HTTP and stdio.
 * Each: negotiate, list tools, call one, read a resource, get a prompt.
 */
class PeerInteropTest {

  private static McpClientBuilder builder() {
    return McpClient.builder().clientInfo("mcpkit-interop", "1.0").requestTimeout(Duration.ofSeconds(20));
  }

  private static void exerciseTsPeer(McpClient client, String era) {
    assertThat(client.serverInfo().implementation().name()).isEqualTo("ts-v2-peer");
    assertThat(client.listAllTools()).extracting(Tool::name).containsExactly("add");
    assertThat(text(client.callTool("add", Map.of("a", 20, "b", 22)))).isEqualTo("42");
    TextResourceContents r = (TextResourceContents) client.readResource("peer://greeting").contents().getFirst();
    assertThat(r.text()).isEqualTo("hello (era " + era + ")");
    PromptMessage m = client.getPrompt("greet", Map.of("name", "Ada")).messages().getFirst();
    assertThat(((TextContent) m.content()).text()).isEqualTo("Say hello to Ada");
  }

  private static String text(dev.mcpkit.core.schema.CallToolResult r) {
    return ((TextContent) r.content().getFirst()).text();
  }

  @Test
  void typescriptModernHttpPeer() throws Exception {
    try (var peer = NodePeers.tsHttp("modern"); McpClient client = builder().url(peer.endpoint()).connect()) {
      assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2026_07_28);
      exerciseTsPeer(client, "modern");
    }
  }

  @Test
  void typescriptSessionHttpPeer() throws Exception {
    try (var peer = NodePeers.tsHttp("session"); McpClient client = builder().url(peer.endpoint()).connect()) {
      assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_11_25);
      exerciseTsPeer(client, "legacy");
    }
  }

  @Test
  void typescriptDualEraHttpPeerInBothEras() throws Exception {
    try (var peer = NodePeers.tsHttp("both")) {
      try (McpClient client = builder().url(peer.endpoint()).connect()) {
        assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2026_07_28);
        exerciseTsPeer(client, "modern");
      }
      try (McpClient client = builder().url(peer.endpoint()).protocolVersion(ProtocolVersion.V2025_06_18).connect()) {
        assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_06_18);
        exerciseTsPeer(client, "legacy");
      }
    }
  }

  @Test
  void typescriptStdioPeersInEveryMode() {
    try (McpClient client = builder().stdio(NodePeers.tsStdio("dual")).connect()) {
      assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2026_07_28);
      exerciseTsPeer(client, "modern");
    }
    try (McpClient client = builder().stdio(NodePeers.tsStdio("modern")).connect()) {
      assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2026_07_28);
      exerciseTsPeer(client, "modern");
    }
    try (McpClient client = builder().stdio(NodePeers.tsStdio("legacy")).connect()) {
      assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_11_25);
      exerciseTsPeer(client, "legacy");
    }
  }

  private static void exerciseEverything(McpClient client) {
    assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_11_25);
    assertThat(client.serverInfo().implementation().name()).isEqualTo("mcp-servers/everything");
    assertThat(client.listAllTools()).extracting(Tool::name).contains("echo", "get-sum");
    assertThat(text(client.callTool("get-sum", Map.of("a", 2, "b", 3)))).isEqualTo("The sum of 2 and 3 is 5.");
    assertThat(text(client.callTool("echo", Map.of("message", "hi")))).isEqualTo("Echo: hi");
    String uri = client.listAllResources().getFirst().uri();
    assertThat(uri).startsWith("demo://resource/static/document/");
    assertThat(((TextResourceContents) client.readResource(uri).contents().getFirst()).text()).isNotBlank();
    assertThat(client.getPrompt("args-prompt", Map.of("city", "Paris")).messages()).isNotEmpty();
  }

  @Test
  void serverEverythingOverHttp() throws Exception {
    try (var peer = NodePeers.everythingHttp(); McpClient client = builder().url(peer.endpoint()).connect()) {
      assertThat(client.serverInfo().transport()).isEqualTo("streamable-http");
      exerciseEverything(client);
    }
  }

  @Test
  void serverEverythingOverStdio() {
    try (McpClient client = builder().stdio(NodePeers.everythingStdio()).connect()) {
      exerciseEverything(client);
    }
  }
}
