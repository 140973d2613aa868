package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.ReadResourceResult;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example of the module README, verbatim apart from the URL, against a small mcpkit server. */
class ClientReadmeExampleTest {

  @Test
  void readmeExampleRuns() throws Exception {
    McpServer server = McpServer.builder().name("readme").version("1")
        .tool(ServerTool.builder("add").inputSchema("{\"type\":\"object\"}")
            .handler(c -> ToolResults.text(String.valueOf(c.arguments().path("a").asInt() + c.arguments().path("b").asInt()))).build())
        .tool(ServerTool.builder("slow").inputSchema("{\"type\":\"object\"}").handler(c -> {
          c.progress(1, 1.0, "done");
          return ToolResults.text("ok");
        }).build())
        .resource(ServerResource.builder("file:///README.md", "README").description("the readme").mimeType("text/markdown").text("# hello").build())
        .build();
    List<String> printed = new ArrayList<>();
    try (McpHttpServer http = McpHttpServer.builder(server).port(0).build().start()) {
      String url = http.endpoint().toString();
      // --- the README example, with System.out.println replaced by printed::add
      try (McpClient client = McpClient.builder()
          .url(url)
          .clientInfo("my-app", "1.0")
          .handlers(ClientHandlers.none().withElicitation(ClientHandlers.acceptDefaults()))
          .requestTimeout(Duration.ofSeconds(30))
          .connect()) {
        printed.add(client.serverInfo().protocolVersion().id());
        for (Tool tool : client.tools()) {
          printed.add(tool.name());
        }
        CallToolResult result = client.callTool("add", Map.of("a", 1, "b", 2));
        if (Boolean.TRUE.equals(result.isError())) {
          printed.add("the tool failed: " + result.content());
        }
        ReadResourceResult readme = client.readResource("file:///README.md");
        client.callTool("slow", Json.object(),
            RequestOptions.defaults().withTimeout(Duration.ofMinutes(2)).withProgress(p -> printed.add("progress " + p.progress())));
        assertThat(readme.contents()).hasSize(1);
        assertThat(result.content().toString()).contains("3");
      }
    }
    assertThat(printed).containsExactly("2026-07-28", "add", "slow", "progress 1.0");
  }
}
