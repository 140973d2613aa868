package dev.mcpkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.Methods;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@link McpServerBuilder#toolVisibility}: {@code tools/list} shows each caller the tools the predicate lets it see
 * (pages counted over what it sees), calls are not refused by it, and the listing's cache hint becomes private.
 */
class ToolVisibilityTest {

  private static final Caller ADMIN = new Caller("ada", "app", Set.of("admin"), Map.of());

  private static McpServer server() {
    McpServerBuilder b = McpServer.builder().pageSize(2)
        .toolVisibility((caller, tool) -> !tool.name().startsWith("admin_")
            || caller.map(c -> c.hasScope("admin")).orElse(false));
    for (String n : List.of("a", "admin_x", "b", "admin_y", "c")) {
      b.tool(ServerTool.of(n, "tool " + n, call -> ToolResults.text("ran " + call.name())));
    }
    return b.build();
  }

  @Test
  void eachCallerSeesItsOwnListingAndTheCacheHintIsPrivate() {
    McpServer s = server();
    assertThat(s.tools(Optional.empty())).extracting(ServerTool::name).containsExactly("a", "b", "c");
    assertThat(s.tools(Optional.of(ADMIN))).extracting(ServerTool::name)
        .containsExactly("a", "admin_x", "b", "admin_y", "c");
    assertThat(s.cacheHint(Methods.TOOLS_LIST).publicScope()).isFalse();
    assertThat(s.cacheHint(Methods.TOOLS_LIST).ttlMs()).isEqualTo(60_000);
    assertThat(McpServer.builder().build().cacheHint(Methods.TOOLS_LIST).publicScope()).as("without a predicate")
        .isTrue();

    // over the wire (no authenticated caller on stdio): pages of what the caller sees; a hidden tool still runs
    Map<Integer, JsonNode> out = ReadmeSnippetsTest.serve(s,
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"admin_x\",\"arguments\":{}}}");
    assertThat(Json.write(out.get(2).at("/result/tools"))).contains("\"a\"", "\"b\"").doesNotContain("admin_");
    assertThat(out.get(2).at("/result/nextCursor").isString()).isTrue();
    assertThat(out.get(3).at("/result/content/0/text").asString()).isEqualTo("ran admin_x");
  }
}
