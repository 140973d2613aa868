package dev.mcpkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.StdioHarness;
import dev.mcpkit.server.testing.TestTools;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One {@link McpServer} served by two transports at once (as its Javadoc allows): both see the
 * same registry, and stopping one transport ends only its own subscriptions.
 */
class SharedServerTest {

  private static void addTool(McpServer server, String name) {
    server.addTool(ServerTool.builder(name).handler(c -> ToolResults.text(name)).build());
  }

  @Test
  void stoppingStdioLeavesHttpListenStreamsOpen() throws Exception {
    McpServer server = TestTools.server().build();
    try (HttpFixture http = HttpFixture.start(server);
         HttpTestClient.Streaming listen = http.client.modern(1, "subscriptions/listen",
             J.obj("notifications", J.obj("toolsListChanged", true))).open()) {
      assertThat(listen.events().nextMessage().path("method").asString())
          .isEqualTo("notifications/subscriptions/acknowledged");

      StdioHarness stdio = new StdioHarness(server);
      stdio.send(Rpc.request(1, "tools/list", J.obj("_meta", HttpTestClient.meta(J.obj()))));
      assertThat(stdio.responseTo(1).path("result").path("tools")).isNotEmpty();
      stdio.closeInput();
      assertThat(stdio.awaitExit(Duration.ofSeconds(30))).isTrue();

      addTool(server, "late");
      JsonNode next = listen.events().nextMessage();
      assertThat(next.path("method").asString()).as("still subscribed after stdio ended")
          .isEqualTo("notifications/tools/list_changed");
    }
  }

  @Test
  void stoppingHttpLeavesStdioListenStreamsOpen() throws Exception {
    McpServer server = TestTools.server().build();
    HttpFixture http = HttpFixture.start(server);
    try (StdioHarness stdio = new StdioHarness(server)) {
      stdio.send(Rpc.request(7, "subscriptions/listen", J.obj("notifications", J.obj("toolsListChanged", true),
          "_meta", HttpTestClient.meta(J.obj()))));
      assertThat(stdio.next().path("method").asString()).isEqualTo("notifications/subscriptions/acknowledged");

      http.close();
      addTool(server, "late");
      JsonNode next = stdio.next();
      assertThat(next.path("method").asString()).as("still subscribed after HTTP stopped")
          .isEqualTo("notifications/tools/list_changed");
      assertThat(next.path("params").path("_meta").path(MetaKeys.SUBSCRIPTION_ID).asInt()).isEqualTo(7);

      // the stdio transport's own shutdown ends its subscription gracefully
      stdio.closeInput();
      JsonNode end = stdio.responseTo(7);
      assertThat(end.path("result").path("resultType").asString()).isEqualTo("complete");
    }
  }

  @Test
  void bothTransportsServeTheSameRegistry() throws Exception {
    McpServer server = TestTools.server().build();
    try (HttpFixture http = HttpFixture.start(server); StdioHarness stdio = new StdioHarness(server)) {
      addTool(server, "shared");
      assertThat(http.client.call(1, "shared", J.obj()).send().result().path("content").get(0).path("text").asString())
          .isEqualTo("shared");
      stdio.send(Rpc.request(2, "tools/call", J.obj("name", "shared", "_meta", HttpTestClient.meta(J.obj()))));
      assertThat(stdio.responseTo(2).path("result").path("content").get(0).path("text").asString()).isEqualTo("shared");
      assertThat(Json.write(server.tool("shared").definition())).contains("shared");
    }
  }
}
