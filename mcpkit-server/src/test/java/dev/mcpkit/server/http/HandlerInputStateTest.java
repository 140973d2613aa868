package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.ElicitRequest;
import dev.mcpkit.core.schema.ElicitRequestFormParams;
import dev.mcpkit.core.schema.InputRequest;
import dev.mcpkit.core.schema.ListRootsRequest;
import dev.mcpkit.core.schema.RequestParams;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.TestTools;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code RequestContext.inputRequired}, {@code inputState} and {@code inputResponses}: a 2026-07-28 handler ends an
 * attempt with input requests under its own keys (all at once) and gets its own state back from the sealed {@code
 * requestState} of the retry, with the retry's {@code inputResponses} as the client sent them (a first attempt's
 * too); a tampered state, or one used for other arguments, is -32602; a request the client lacks the capability for
 * is -32021; a 2025 session gets a clear error.
 */
class HandlerInputStateTest {

  private static final ObjectNode CAPS = J.obj("elicitation", J.obj(), "roots", J.obj());

  /** Asks two things with its own keys and state on a first attempt; says what it got back on a retry. */
  private static final ServerTool RELAY = ServerTool.of("relay", "Passes questions on", call -> {
    var state = call.inputState();
    ObjectNode responses = call.inputResponses();
    if (state.isEmpty() && responses.isEmpty()) {
      Map<String, InputRequest> asks = new LinkedHashMap<>();
      asks.put("up.name", new ElicitRequest(ElicitRequestFormParams.of("Name?", J.obj("type", "object"))));
      asks.put("up.roots", new ListRootsRequest(new RequestParams(null)));
      call.inputRequired(asks, "upstream=a;state=" + call.arguments().path("n").asString());
    }
    return ToolResults.text("state=" + state.orElse("none") + " responses=" + Json.write(responses));
  });

  private static HttpTestClient.Req call(HttpFixture f, Object id, ObjectNode caps, String n, ObjectNode extra) {
    ObjectNode params = J.obj("name", "relay", "arguments", J.obj("n", n), "_meta", HttpTestClient.meta(caps));
    if (extra != null) {
      params.setAll(extra);
    }
    return f.client.modern(id, "tools/call", params);
  }

  @Test
  void theHandlersRequestsGoOutAndItsStateComesBack() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().tool(RELAY).build())) {
      JsonNode first = call(f, 1, CAPS, "1", null).send().result();
      assertThat(first.path("resultType").asString()).isEqualTo("input_required");
      assertThat(first.path("inputRequests").propertyNames()).containsExactly("up.name", "up.roots");
      assertThat(first.path("inputRequests").path("up.roots").path("method").asString()).isEqualTo("roots/list");
      String state = first.path("requestState").asString();
      assertThat(state).isNotBlank();

      ObjectNode answers = J.obj("up.name", J.obj("action", "accept", "content", J.obj("name", "Ada")),
          "up.roots", J.obj("roots", Json.array()), "extra", J.obj("x", 1));
      JsonNode done = call(f, 2, CAPS, "1", J.obj("inputResponses", answers, "requestState", state)).send().result();
      assertThat(done.path("content").get(0).path("text").asString())
          .isEqualTo("state=upstream=a;state=1 responses=" + Json.write(answers));

      // a first attempt's inputResponses reach the handler as they came, with no state
      JsonNode early = call(f, 3, CAPS, "1", J.obj("inputResponses", J.obj("k", J.obj("action", "decline"))))
          .send().result();
      assertThat(early.path("content").get(0).path("text").asString())
          .isEqualTo("state=none responses={\"k\":{\"action\":\"decline\"}}");

      // the state is sealed: changed, or used for other arguments, it is refused
      String tampered = state.substring(0, state.indexOf('.') - 2) + "AA" + state.substring(state.indexOf('.'));
      assertThat(call(f, 4, CAPS, "1", J.obj("inputResponses", answers, "requestState", tampered)).send().error()
          .path("code").asInt()).isEqualTo(-32602);
      JsonNode other = call(f, 5, CAPS, "2", J.obj("inputResponses", answers, "requestState", state)).send().error();
      assertThat(other.path("code").asInt()).isEqualTo(-32602);
      assertThat(other.path("message").asString()).contains("different request");

      // the client must have declared what is asked
      JsonNode missing = call(f, 6, J.obj("elicitation", J.obj()), "1", null).send().error();
      assertThat(missing.path("code").asInt()).isEqualTo(-32021);
      assertThat(missing.path("data").path("requiredCapabilities").has("roots")).isTrue();
    }
  }

  @Test
  void aTwentyTwentyFiveSessionGetsAClearError() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().tool(RELAY).build())) {
      var s = f.client.initialize(ProtocolVersion.V2025_11_25.id(), CAPS);
      JsonNode error = s.call(1, "relay", J.obj("n", "1")).send().error();
      assertThat(error.path("code").asInt()).isEqualTo(-32603);
      assertThat(error.path("message").asString()).contains("only").doesNotContain("Exception");
    }
  }
}
