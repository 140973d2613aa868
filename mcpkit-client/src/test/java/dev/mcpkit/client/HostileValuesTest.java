package dev.mcpkit.client;

import static dev.mcpkit.client.HostileServerTest.handshake;
import static dev.mcpkit.client.testing.HostileServer.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.testing.HostileServer;
import dev.mcpkit.core.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A server that answers with values of the wrong JSON type or beyond 64 bits or a double ({@code 1e400}, which
 * Jackson 3 refuses to convert with an exception): the client gives a result or one of its documented
 * exceptions with a message in the answer's terms, never a Jackson exception, a Java type name, or a lost
 * update. Both eras (a 2026-07-28 server and a 2025-11-25 session); each server is a raw socket on loopback.
 */
@Timeout(60)
class HostileValuesTest {

  /** A server whose tools/call answer is an SSE stream: the given events (with $ID and $TOKEN filled in), then a result. */
  private static HostileServer callServer(boolean modern, String events) throws Exception {
    return new HostileServer((req, out) -> {
      if (handshake(req, out, modern)) {
        return;
      }
      if (req.rpcMethod().equals("tools/call")) {
        HostileServer.sseHead(out);
        String token = req.json().path("params").path("_meta").path("progressToken").toString();
        HostileServer.event(out, events.replace("$ID", req.id().toString()).replace("$TOKEN", token));
      } else {
        answer(out, 202, null, ""); // notifications and the client's responses
      }
    });
  }

  private static String data(String json) {
    return "event: message\ndata: " + json + "\n\n";
  }

  private static String progress(String progress, String total) {
    return data("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":$TOKEN,"
        + "\"progress\":" + progress + ",\"total\":" + total + ",\"message\":\"half\"}}");
  }

  private static final String DONE = data("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":{\"content\":[{\"type\":\"text\","
      + "\"text\":\"done\"}]}}");

  /**
   * A progress update whose numbers are no doubles still reaches the listener, with what can be read: before,
   * {@code total: 1e400} threw inside the notification handler and the update was dropped as if the listener
   * had failed.
   */
  @ParameterizedTest(name = "modern={0} progress={1} total={2}")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "true  | 1      | 1e400                             | 1.0 | none",
      "false | 1      | 1e400                             | 1.0 | none",
      "true  | 1e400  | 2                                 | 0.0 | 2.0",
      "false | -1e400 | -1e400                            | 0.0 | none",
      "true  | 1      | {}                                | 1.0 | none",
      "false | []     | '\"10\"'                          | 0.0 | none",
      "true  | 1      | 123456789012345678901234567890    | 1.0 | 1.2345678901234568E29"})
  void progressWithNumbersBeyondADoubleReachesTheListener(boolean modern, String progress, String total,
      double seenProgress, Double seenTotal) throws Exception {
    List<RequestOptions.Progress> seen = new CopyOnWriteArrayList<>();
    try (HostileServer server = callServer(modern, progress(progress, total) + DONE);
        McpClient client = McpClient.builder().url(server.url("/mcp")).requestTimeout(Duration.ofSeconds(10))
            .connect()) {
      client.callTool("x", Json.object(), RequestOptions.defaults().withProgress(seen::add));
      assertThat(seen).containsExactly(new RequestOptions.Progress(seenProgress, seenTotal, "half"));
    }
  }

  /** An answer that does not fit the result type is described by field and JSON type, not by Java types. */
  @ParameterizedTest(name = "modern={0} {1}")
  @CsvSource(delimiter = '|', value = {
      "true  | {\"content\":[],\"isError\":{}}                      | /isError",
      "false | {\"content\":[],\"isError\":{}}                      | /isError",
      "true  | {\"content\":{}}                                     | /content",
      "false | {\"content\":[{\"type\":\"text\",\"text\":{}}]}       | /content/0/text"})
  void answersOfTheWrongTypeAreDescribedInTheAnswersTerms(boolean modern, String result, String where)
      throws Exception {
    try (HostileServer server = callServer(modern, data("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"result\":" + result + "}"));
        McpClient client = McpClient.builder().url(server.url("/mcp")).requestTimeout(Duration.ofSeconds(10))
            .connect()) {
      assertThatThrownBy(() -> client.callTool("x", Map.of())).isInstanceOf(McpClientException.class)
          .satisfies(e -> assertThat(e.getMessage()).contains(where).doesNotContain("java.").doesNotContain("`")
              .doesNotContain("JsonToken").doesNotContainIgnoringCase("jackson"));
    }
  }

  /** An error response whose code is beyond 32 bits or no integer is a protocol error, not a Jackson exception. */
  @ParameterizedTest(name = "modern={0} code={1}")
  @CsvSource(delimiter = '|', value = {"true | 1e400", "false | 1e400", "true | 4294967296",
      "false | -32555555555555555555555555", "true | {}", "false | 1.5"})
  void errorCodesBeyond32BitsAreProtocolErrors(boolean modern, String code) throws Exception {
    try (HostileServer server = callServer(modern, data("{\"jsonrpc\":\"2.0\",\"id\":$ID,\"error\":{\"code\":" + code
        + ",\"message\":\"no\"}}"));
        McpClient client = McpClient.builder().url(server.url("/mcp")).requestTimeout(Duration.ofSeconds(5))
            .connect()) {
      assertThatThrownBy(() -> client.callTool("x", Map.of())).isInstanceOf(McpClientException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("java.").doesNotContain("JsonNode"));
    }
  }
  /**
   * A server request whose params do not fit (an elicitation message that is an object, sampling messages that
   * are a number) is refused with -32602 described in the request's terms: the refusal goes back to the server,
   * so Jackson's wording (Java types, tokens) would be a leak on the wire.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "elicitation/create     | {\"message\":{},\"requestedSchema\":{\"type\":\"object\",\"properties\":{}}} | /message",
      "sampling/createMessage | {\"messages\":1e400,\"maxTokens\":18446744073709551616}                   | /messages"})
  void serverRequestsThatDoNotFitAreRefusedInTheRequestsTerms(String method, String params, String where)
      throws Exception {
    List<String> refusals = new CopyOnWriteArrayList<>();
    try (HostileServer server = new HostileServer((req, out) -> {
      if (handshake(req, out, false)) {
        return;
      }
      if (req.rpcMethod().equals("tools/call")) {
        HostileServer.sseHead(out);
        HostileServer.event(out, data("{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"method\":\"" + method + "\",\"params\":"
            + params + "}"));
        for (int i = 0; i < 100 && refusals.isEmpty(); i++) {
          Thread.sleep(50); // bounded: the client's answer arrives on another connection
        }
        HostileServer.event(out, DONE.replace("$ID", req.id().toString()));
      } else {
        if (req.json() != null && req.json().has("error")) {
          refusals.add(Json.write(req.json().get("error")));
        }
        answer(out, 202, null, "");
      }
    }); McpClient client = McpClient.builder().url(server.url("/mcp")).requestTimeout(Duration.ofSeconds(10))
        .handlers(ClientHandlers.none().withElicitation(ClientHandlers.acceptDefaults())
            .withSampling(request -> { throw new AssertionError("never reached"); }))
        .connect()) {
      client.callTool("x", Map.of());
      assertThat(refusals).hasSize(1);
      assertThat(refusals.getFirst()).contains("-32602").contains(where).doesNotContain("java.").doesNotContain("`")
          .doesNotContain("JsonToken").doesNotContainIgnoringCase("jackson");
    }
  }
}
