package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.conformance.EverythingServer;
import dev.mcpkit.core.testing.Repo;
import dev.mcpkit.server.http.McpHttpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official Java SDK 2.1 client (test scope only) against the mcpkit everything server, over
 * Streamable HTTP and over stdio (the shaded jar's {@code conformance-server --stdio}): initialize,
 * list and call tools, read a resource, get a prompt.
 */
class JavaSdkInteropIT {

  private static void exercise(McpClientTransport transport) {
    try (McpSyncClient client = McpClient.sync(transport)
        .clientInfo(new McpSchema.Implementation("java-sdk-peer", "1.0.0"))
        .requestTimeout(Duration.ofSeconds(20)).build()) {
      McpSchema.InitializeResult init = client.initialize();
      assertThat(init.serverInfo().name()).isEqualTo("mcpkit-everything");
      assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
      assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("test_simple_text", "test_error_handling");
      McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("test_simple_text", Map.of()));
      assertThat(((McpSchema.TextContent) r.content().getFirst()).text()).isEqualTo("This is a simple text response for testing.");
      assertThat(client.callTool(new McpSchema.CallToolRequest("test_error_handling", Map.of())).isError()).isTrue();
      McpSchema.ReadResourceResult res = client.readResource(new McpSchema.ReadResourceRequest("test://static-text"));
      assertThat(((McpSchema.TextResourceContents) res.contents().getFirst()).text()).contains("static text resource");
      McpSchema.GetPromptResult p = client.getPrompt(new McpSchema.GetPromptRequest("test_prompt_with_arguments",
          Map.of("arg1", "x", "arg2", "y")));
      assertThat(p.messages()).isNotEmpty();
    }
  }

  @Test
  void overStreamableHttp() throws Exception {
    try (McpHttpServer server = McpHttpServer.builder(EverythingServer.create()).port(0).build().start()) {
      String base = "http://127.0.0.1:" + server.port();
      exercise(HttpClientStreamableHttpTransport.builder(base).endpoint("/mcp").build());
    }
  }

  @Test
  void overStdio() {
    Path jar = Repo.root().resolve("mcpkit-cli/target/mcpkit.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    exercise(new StdioClientTransport(ServerParameters.builder(java)
        .args("-jar", jar.toString(), "conformance-server", "--stdio").build(), McpJsonDefaults.getMapper()));
  }
}
