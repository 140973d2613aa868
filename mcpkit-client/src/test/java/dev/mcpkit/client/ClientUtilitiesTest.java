package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.conformance.EverythingServer;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.schema.PromptReference;
import dev.mcpkit.core.schema.ResourceTemplateReference;
import dev.mcpkit.core.schema.SubscriptionFilter;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.http.McpHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Completion, the log level and resource subscriptions, against real mcpkit servers, in both eras. */
class ClientUtilitiesTest {

  private static McpClient connect(McpHttpServer http, String era, List<ServerNotification> seen) {
    McpClientBuilder b = McpClient.builder().url(http.endpoint()).protocolVersion(ProtocolVersion.parse(era).orElseThrow());
    McpClient c = b.connect();
    c.onNotification(seen::add);
    return c;
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-07-28", "2025-11-25"})
  void completionOfPromptAndTemplateArguments(String era) throws Exception {
    try (McpHttpServer http = McpHttpServer.builder(EverythingServer.create()).port(0).build().start();
        McpClient c = connect(http, era, new CopyOnWriteArrayList<>())) {
      assertThat(c.complete(new PromptReference("test_prompt_with_arguments", null), "arg1", "part", null)
          .completion().values()).containsExactly("party");
      assertThat(c.complete(new PromptReference("test_prompt_with_arguments", null), "arg2", "", Map.of("arg1", "paris"))
          .completion().values()).containsExactly("alpha", "beta");
      assertThat(c.complete(new ResourceTemplateReference("test://template/{id}/data"), "id", "12", null)
          .completion().values()).containsExactly("123");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-07-28", "2025-11-25"})
  void theLogLevelFiltersLogMessages(String era) throws Exception {
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    try (McpHttpServer http = McpHttpServer.builder(EverythingServer.create()).port(0).build().start();
        McpClient c = connect(http, era, seen)) {
      c.setLoggingLevel(LoggingLevel.ERROR);
      c.callTool("test_tool_with_logging", Map.of());
      assertThat(logs(seen)).as("info messages under an error level").isEmpty();

      c.setLoggingLevel(LoggingLevel.DEBUG);
      c.callTool("test_tool_with_logging", Map.of());
      await().atMost(Duration.ofSeconds(20)).until(() -> logs(seen).size() >= 3);
      assertThat(logs(seen)).allMatch(m -> m.level() == LoggingLevel.INFO)
          .anyMatch(m -> m.data().toString().contains("Tool execution completed"));
    }
  }

  private static List<ServerNotification.LogMessage> logs(List<ServerNotification> seen) {
    return seen.stream().filter(n -> n instanceof ServerNotification.LogMessage)
        .map(n -> (ServerNotification.LogMessage) n).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-07-28", "2025-11-25"})
  void aResourceSubscriptionDeliversUpdatesOfThatResourceOnly(String era) throws Exception {
    McpServer server = McpServer.builder().name("watched").version("1")
        .resource(ServerResource.builder("test://a", "a").description("watched").mimeType("text/plain").text("a").build())
        .resource(ServerResource.builder("test://b", "b").description("not watched").mimeType("text/plain").text("b").build()).build();
    List<ServerNotification> updates = new CopyOnWriteArrayList<>();
    try (McpHttpServer http = McpHttpServer.builder(server).port(0).build().start();
        McpClient c = connect(http, era, new CopyOnWriteArrayList<>());
        Subscription sub = c.listen(new SubscriptionFilter(null, null, null, List.of("test://a")), updates::add)) {
      server.resourceUpdated("test://b");
      server.resourceUpdated("test://a");
      await().atMost(Duration.ofSeconds(20)).until(() -> !updates.isEmpty());
      Thread.sleep(200); // would an update of test://b arrive after all?
      assertThat(updates).containsExactly(new ServerNotification.ResourceUpdated("test://a"));
      assertThat(sub.isOpen()).isTrue();
    }
  }
}
