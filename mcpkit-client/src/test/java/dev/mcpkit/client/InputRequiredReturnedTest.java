package dev.mcpkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.intercept.Interceptor;
import dev.mcpkit.client.testing.Servers;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.CreateMessageRequest;
import dev.mcpkit.core.schema.ElicitRequest;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.InputRequiredResult;
import dev.mcpkit.core.schema.ListRootsRequest;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.server.http.McpHttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link RequestOptions#withInputRequiredReturned(boolean)} against the mcpkit everything server in 2026-07-28: the
 * server's {@code InputRequiredResult} reaches the code unanswered (all its input requests, under the server's keys),
 * the handlers are never asked, and a retry through {@link McpClient#request} with {@code inputResponses} and the
 * {@code requestState} completes the call; without the option the handlers answer, as before.
 */
class InputRequiredReturnedTest {

  static McpHttpServer server;

  @BeforeAll
  static void start() throws Exception {
    server = Servers.http();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theInputRequiredResultReachesTheCodeAndTheRetryCompletesIt() {
    AtomicInteger asked = new AtomicInteger();
    List<String> after = new CopyOnWriteArrayList<>();
    Interceptor seen = new Interceptor() {
      @Override
      public JsonNode afterCall(dev.mcpkit.client.ServerInfo s, String method, ObjectNode params, JsonNode result) {
        after.add(result.path("resultType").asString("complete"));
        return result;
      }
    };
    try (McpClient c = McpClient.builder().url(server.endpoint()).interceptor(seen)
        .handlers(ClientHandlers.none().withElicitation(p -> {
          asked.incrementAndGet();
          return new ElicitResult("accept", Json.object().put("name", "Handler"), null);
        }).withSampling(p -> {
          throw new AssertionError("not asked");
        }).withRoots(List::of)).connect()) {
      assertThat(c.protocolVersion()).isEqualTo(ProtocolVersion.V2026_07_28);
      RequestOptions returned = RequestOptions.defaults().withInputRequiredReturned(true);

      // typed: thrown with the result, every input request at once under the server's keys
      assertThatThrownBy(() -> c.callTool("test_input_required_result_multiple_inputs", Json.object(), returned))
          .isInstanceOfSatisfying(McpInputRequiredException.class, e -> {
            InputRequiredResult r = e.result();
            assertThat(r.inputRequests()).containsOnlyKeys("user_name", "greeting", "client_roots");
            assertThat(r.inputRequests().get("user_name")).isInstanceOf(ElicitRequest.class);
            assertThat(r.inputRequests().get("greeting")).isInstanceOf(CreateMessageRequest.class);
            assertThat(r.inputRequests().get("client_roots")).isInstanceOf(ListRootsRequest.class);
            assertThat(r.requestState()).isNotBlank();
          });

      // raw: returned as the server sent it, then retried by the code with its own answers
      ObjectNode params = Json.object().put("name", "test_input_required_result_multiple_inputs");
      params.putObject("arguments");
      JsonNode first = c.request(Methods.TOOLS_CALL, params, returned);
      assertThat(first.path("resultType").asString()).isEqualTo("input_required");
      assertThat(first.path("inputRequests").propertyNames()).containsExactlyInAnyOrder("user_name", "greeting",
          "client_roots");
      ObjectNode retry = params.deepCopy();
      ObjectNode answers = retry.putObject("inputResponses");
      answers.set("user_name", Json.tree(new ElicitResult("accept", Json.object().put("name", "Code"), null)));
      answers.set("greeting", Json.parse("{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"hi\"},"
          + "\"model\":\"m\"}"));
      answers.set("client_roots", Json.parse("{\"roots\":[]}"));
      retry.set("requestState", first.get("requestState"));
      JsonNode done = c.request(Methods.TOOLS_CALL, retry, returned);
      CallToolResult r = Json.convert(done, CallToolResult.class);
      assertThat(((TextContent) r.content().getFirst()).text()).isEqualTo("name=Code, greeting=hi, roots=0");
      assertThat(asked).hasValue(0);
      assertThat(after).containsExactly("complete"); // afterCall sees complete results only

      // without the option the handlers answer and the client retries by itself, as before
      CallToolResult handled = c.callTool("test_input_required_result_elicitation", Map.of());
      assertThat(((TextContent) handled.content().getFirst()).text()).isEqualTo("Hello, Handler!");
      assertThat(asked).hasValue(1);
    }
  }

  @Test
  void aTwentyTwentyFiveSessionIsUnchanged() {
    try (McpClient c = McpClient.builder().url(server.endpoint()).protocolVersion(ProtocolVersion.V2025_11_25)
        .handlers(ClientHandlers.none().withElicitation(p -> new ElicitResult("accept",
            Json.object().put("name", "Ada"), null))).connect()) {
      CallToolResult r = c.callTool("test_elicitation", Json.object().put("message", "who?"),
          RequestOptions.defaults().withInputRequiredReturned(true));
      assertThat(((TextContent) r.content().getFirst()).text()).contains("Ada");
    }
  }
}
