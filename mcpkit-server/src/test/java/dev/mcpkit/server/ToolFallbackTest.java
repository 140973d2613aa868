package dev.mcpkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.McpException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@link McpServerBuilder#toolFallback}: names no registered tool has are answered by the fallback (a tool run for
 * that call, or a clearer error), never listed; without an answer the name stays unknown.
 */
class ToolFallbackTest {

  @Test
  void theFallbackRunsATool_answersWithItsError_orLeavesTheNameUnknown() {
    McpServer server = McpServer.builder()
        .tool(ServerTool.of("listed", "a registered tool", call -> ToolResults.text("listed")))
        .toolFallback(name -> {
          if (name.startsWith("down__")) {
            throw new McpException(-32603, "upstream 'down' is unavailable");
          }
          return name.startsWith("dyn__") ? ServerTool.builder(name).inputSchema("{\"type\":\"object\","
              + "\"properties\":{\"n\":{\"type\":\"integer\"}}}").handler(call -> ToolResults.text("ran " + call.name()
              + " with " + call.arguments().path("n").asInt())).build() : null;
        })
        .build();
    Map<Integer, JsonNode> out = ReadmeSnippetsTest.serve(server,
        call(2, "dyn__x", "{\"n\":7}"), call(3, "down__y", "{}"), call(4, "nothing", "{}"),
        call(5, "dyn__x", "{\"n\":\"seven\"}"), call(6, "listed", "{}"),
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}");
    assertThat(out.get(2).at("/result/content/0/text").asString()).isEqualTo("ran dyn__x with 7");
    assertThat(out.get(3).at("/error/code").asInt()).isEqualTo(-32603);
    assertThat(out.get(3).at("/error/message").asString()).isEqualTo("upstream 'down' is unavailable");
    assertThat(out.get(4).at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(out.get(4).at("/error/message").asString()).isEqualTo("Unknown tool: nothing");
    assertThat(out.get(5).at("/error/code").asInt()).as("arguments are validated as for a registered tool")
        .isEqualTo(-32602);
    assertThat(out.get(6).at("/result/content/0/text").asString()).isEqualTo("listed");
    assertThat(Json.write(out.get(7).at("/result/tools"))).contains("\"listed\"").doesNotContain("dyn__");
  }

  private static String call(int id, String name, String arguments) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + name
        + "\",\"arguments\":" + arguments + "}}";
  }
}
