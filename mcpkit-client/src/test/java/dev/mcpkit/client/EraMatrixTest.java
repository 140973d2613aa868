package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.client.testing.Servers;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.GetPromptResult;
import dev.mcpkit.core.schema.ReadResourceResult;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.TextResourceContents;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.server.http.McpHttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The same calls against the mcpkit everything server in every era and over every transport: the
 * client negotiates (or is forced) and the API behaves the same. Elicitation is answered by one
 * handler whether it arrives as a 2025 server request or inside a 2026 InputRequiredResult.
 */
class EraMatrixTest {

  static McpHttpServer server;

  @BeforeAll
  static void start() throws Exception {
    server = Servers.http();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> targets() {
    return Stream.of(
        Arguments.of("http auto", ProtocolVersion.V2026_07_28, "streamable-http"),
        Arguments.of("http forced 2025-11-25", ProtocolVersion.V2025_11_25, "streamable-http"),
        Arguments.of("http forced 2025-06-18", ProtocolVersion.V2025_06_18, "streamable-http"),
        Arguments.of("legacy sse", ProtocolVersion.V2025_11_25, "http+sse"),
        Arguments.of("legacy sse forced 2024-11-05", ProtocolVersion.V2024_11_05, "http+sse"),
        Arguments.of("stdio auto", ProtocolVersion.V2026_07_28, "stdio"),
        Arguments.of("stdio forced 2025-11-25", ProtocolVersion.V2025_11_25, "stdio"));
  }

  private static McpClientBuilder builder(String name) {
    McpClientBuilder b = McpClient.builder().clientInfo("era-matrix", "1.0")
        .handlers(ClientHandlers.none().withElicitation(p -> {
          ObjectNode content = Json.object();
          content.put("name", "Ada");
          content.put("username", "ada");
          content.put("email", "ada@example.com");
          return new ElicitResult("accept", content, null);
        }));
    return switch (name) {
      case "http auto" -> b.url(server.endpoint());
      case "http forced 2025-11-25" -> b.url(server.endpoint()).protocolVersion(ProtocolVersion.V2025_11_25);
      case "http forced 2025-06-18" -> b.url(server.endpoint()).protocolVersion(ProtocolVersion.V2025_06_18);
      case "legacy sse" -> b.url(server.endpoint().resolve("/sse"));
      case "legacy sse forced 2024-11-05" -> b.url(server.endpoint().resolve("/sse")).protocolVersion(ProtocolVersion.V2024_11_05);
      case "stdio auto" -> b.stdio(Servers.stdioEverything());
      case "stdio forced 2025-11-25" -> b.stdio(Servers.stdioEverything()).protocolVersion(ProtocolVersion.V2025_11_25);
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void everyCallWorksInEveryEra(String name, ProtocolVersion expected, String transport) {
    try (McpClient client = builder(name).connect()) {
      assertThat(client.protocolVersion()).isEqualTo(expected);
      assertThat(client.serverInfo().transport()).isEqualTo(transport);
      assertThat(client.serverInfo().implementation().name()).isEqualTo("mcpkit-everything");

      List<String> tools = client.listAllTools().stream().map(Tool::name).toList();
      assertThat(tools).contains("test_simple_text", "test_error_handling", "test_tool_with_progress");

      CallToolResult r = client.callTool("test_simple_text", Map.of());
      assertThat(((TextContent) r.content().getFirst()).text()).isEqualTo("This is a simple text response for testing.");
      assertThat(client.callTool("test_error_handling", Map.of()).isError()).isTrue();

      ReadResourceResult res = client.readResource("test://static-text");
      assertThat(((TextResourceContents) res.contents().getFirst()).text()).contains("static text resource");
      assertThat(client.listAllResourceTemplates()).isNotEmpty();

      GetPromptResult p = client.getPrompt("test_prompt_with_arguments", Map.of("arg1", "a", "arg2", "b"));
      assertThat(p.messages()).isNotEmpty();

      List<RequestOptions.Progress> progress = new CopyOnWriteArrayList<>();
      client.callTool("test_tool_with_progress", Json.object(), RequestOptions.defaults().withProgress(progress::add));
      assertThat(progress).extracting(RequestOptions.Progress::progress).containsExactly(0.0, 50.0, 100.0);

      // One elicitation handler for both eras: a 2025 server request, or a 2026 input request (MRTR).
      String tool = Era.of(expected).usesInputRequiredResults() ? "test_input_required_result_elicitation" : "test_elicitation";
      CallToolResult asked = client.callTool(tool, Map.of("message", "who are you?"));
      assertThat(((TextContent) asked.content().getFirst()).text()).containsAnyOf("Ada", "ada");
    }
  }
}
