package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.client.intercept.Interceptor;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.SubscriptionFilter;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The interceptor SPI on a real server on 127.0.0.1: it hides listed items (typed and raw listings), refuses calls
 * before they are sent, rewrites results and server info, and judges a call after {@code list_changed} by the
 * tools as they are now (the client lists them again first).
 */
class InterceptorTest {

  static ServerTool tool(String name, String description) {
    return ServerTool.builder(name).description(description).inputSchema("{\"type\":\"object\"}")
        .handler(c -> ToolResults.text(name + " ran")).build();
  }

  /** Hides "secret", refuses its calls, shouts every result, drops the instructions. */
  static final class Hider implements Interceptor {
    final List<String> listed = new CopyOnWriteArrayList<>();

    @Override
    public ServerInfo onServerInfo(ServerInfo info) {
      return info.toBuilder().instructions(null).build();
    }

    @Override
    public JsonNode onList(ServerInfo server, String method, JsonNode page) {
      ObjectNode copy = ((ObjectNode) page).deepCopy();
      ArrayNode kept = Json.array();
      page.path("tools").forEach(t -> {
        listed.add(t.path("name").asString() + ": " + t.path("description").asString());
        if (!t.path("name").asString().equals("secret")) {
          kept.add(t);
        }
      });
      copy.set("tools", kept);
      return copy;
    }

    @Override
    public void beforeCall(ServerInfo server, String method, ObjectNode params) {
      if (params.path("name").asString("").equals("secret")) {
        throw new McpBlockedException("TEST-1", "tool \"secret\" is blocked by the test policy");
      }
    }

    @Override
    public JsonNode afterCall(ServerInfo server, String method, ObjectNode params, JsonNode result) {
      ObjectNode copy = ((ObjectNode) result).deepCopy();
      ((ObjectNode) copy.get("content").get(0)).put("text", result.get("content").get(0).get("text").asString()
          .toUpperCase());
      return copy;
    }
  }

  private static long sent(List<String> frames, String method) {
    return frames.stream().filter(f -> f.contains("\"method\":\"" + method + "\"")).count();
  }

  @Test
  void hidesItemsRefusesCallsBeforeTheyAreSentAndRewritesResults() throws Exception {
    McpServer server = McpServer.builder().name("t").version("1").instructions("Use add.")
        .tool(tool("add", "Adds.")).tool(tool("secret", "Secret.")).build();
    List<String> frames = new CopyOnWriteArrayList<>();
    try (McpHttpServer http = McpHttpServer.builder(server).port(0).build().start();
        McpClient client = McpClient.builder().url(http.endpoint().toString()).interceptor(new Hider())
            .frameListener((d, json) -> {
              if (d == FrameListener.Direction.SENT) {
                frames.add(json);
              }
            }).connect()) {
      assertThat(client.serverInfo().instructions()).isNull();
      assertThat(client.listAllTools()).extracting(Tool::name).containsExactly("add");
      assertThat(client.request("tools/list", Json.object(), RequestOptions.defaults()).get("tools"))
          .extracting(t -> t.get("name").asString()).containsExactly("add");
      assertThatThrownBy(() -> client.callTool("secret", Map.of())).isInstanceOf(McpBlockedException.class)
          .hasMessage("tool \"secret\" is blocked by the test policy")
          .satisfies(e -> assertThat(((McpBlockedException) e).code()).isEqualTo("TEST-1"));
      assertThat(frames).noneMatch(f -> f.contains("\"method\":\"tools/call\""));
      assertThat(((TextContent) client.callTool("add", Map.of()).content().get(0)).text()).isEqualTo("ADD RAN");
      assertThat(client.request("tools/call", (ObjectNode) Json.tree(Map.of("name", "add")), RequestOptions.defaults())
          .get("content").get(0).get("text").asString()).as("raw calls too").isEqualTo("ADD RAN");
    }
  }

  @Test
  void aCallAfterListChangedIsJudgedByTheToolsAsTheyAreNow() throws Exception {
    McpServer server = McpServer.builder().name("t").version("1").tool(tool("add", "Adds.")).build();
    List<String> frames = new CopyOnWriteArrayList<>();
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    Hider hider = new Hider();
    try (McpHttpServer http = McpHttpServer.builder(server).port(0).build().start();
        McpClient client = McpClient.builder().url(http.endpoint().toString()).interceptor(hider)
            .frameListener((d, json) -> {
              if (d == FrameListener.Direction.SENT) {
                frames.add(json);
              }
            }).connect()) {
      client.listAllTools();
      client.callTool("add", Map.of());
      assertThat(sent(frames, "tools/list")).as("listed once, the call needs no other listing").isEqualTo(1);
      try (Subscription sub = client.listen(new SubscriptionFilter(true, null, null, null), seen::add)) {
        assertThat(sub.acknowledged().toolsListChanged()).isTrue();
        server.addTool(tool("add", "Adds. Changed."));
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream()
            .anyMatch(n -> n instanceof ServerNotification.ToolsListChanged));
      }
      client.callTool("add", Map.of());
      assertThat(sent(frames, "tools/list")).as("listed again before the call").isEqualTo(2);
      assertThat(hider.listed).last().isEqualTo("add: Adds. Changed.");
      client.callTool("add", Map.of());
      assertThat(sent(frames, "tools/list")).as("not again while nothing changed").isEqualTo(2);
    }
  }
}
