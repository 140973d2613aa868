package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.TestTools;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a POSTed request is answered: a plain call gets one {@code application/json} response; a
 * call that reports progress or logs gets a {@code text/event-stream} with those notifications
 * before the result. In a 2025 session a handler's elicitation or sampling becomes a
 * server-to-client request on that stream, answered by a separate POST.
 */
class ResponseModesTest {

  private HttpFixture f;

  @BeforeEach
  void start() {
    f = HttpFixture.start(TestTools.server().tool(TestTools.progress()).tool(TestTools.greet())
        .tool(TestTools.sample()).build());
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static List<String> methods(List<JsonNode> messages) {
    return messages.stream().map(m -> m.has("method") ? m.path("method").asString() : "response").toList();
  }

  @Test
  void aPlainCallAnswersJson() {
    Reply modern = f.client.call(1, "echo", J.obj("message", "hi")).send();
    assertThat(modern.contentType()).startsWith("application/json");
    assertThat(modern.result().path("content").get(0).path("text").asString()).isEqualTo("hi");

    Session s = f.client.initialize("2025-11-25");
    Reply legacy = s.call(2, "echo", J.obj("message", "hi")).send();
    assertThat(legacy.contentType()).startsWith("application/json");
  }

  @Test
  void aCallThatReportsProgressAnswersAStreamWithNotificationsFirst() {
    ObjectNode meta = HttpTestClient.meta(J.obj()).put("progressToken", "tok").put(MetaKeys.LOG_LEVEL, "info");
    Reply r = f.client.modern(1, "tools/call", J.obj("name", "progress", "_meta", meta)).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/event-stream");
    assertThat(r.headers().firstValue("X-Accel-Buffering")).hasValue("no");
    List<JsonNode> m = r.messages();
    assertThat(methods(m)).containsExactly("notifications/progress", "notifications/message",
        "notifications/progress", "response");
    assertThat(m.get(0).path("params").path("progressToken").asString()).isEqualTo("tok");
    assertThat(m.get(0).path("params").path("progress").asInt()).isEqualTo(1);
    assertThat(m.get(0).path("params").path("total").asInt()).isEqualTo(2);
    assertThat(m.get(1).path("params").path("level").asString()).isEqualTo("info");
    assertThat(m.get(3).path("result").path("content").get(0).path("text").asString()).isEqualTo("done");
    assertThat(m.get(3).path("id").asInt()).isEqualTo(1);
  }

  @Test
  void withoutAProgressTokenOrLogLevelTheSameCallIsPlainJson() {
    Reply r = f.client.call(1, "progress", null).send();
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.result().path("content").get(0).path("text").asString()).isEqualTo("done");
  }

  @Test
  void inASessionTheStreamIsPrimedAndResumable() {
    Session s = f.client.initialize("2025-11-25");
    Reply r = s.call(1, "progress", null).edit(b -> ((ObjectNode) b.path("params")).set("_meta",
        J.obj("progressToken", 9))).send();
    assertThat(r.contentType()).startsWith("text/event-stream");
    var events = dev.mcpkit.server.testing.SseStream.parse(r.body());
    assertThat(events.getFirst().data()).as("priming event").isEmpty();
    assertThat(events.getFirst().id()).endsWith("-0");
    assertThat(events).allSatisfy(e -> assertThat(e.id()).matches("\\d+-\\d+"));
    assertThat(methods(r.messages())).containsExactly("notifications/progress", "notifications/message",
        "notifications/progress", "response");
    assertThat(r.messages().getFirst().path("params").path("progressToken").asInt()).isEqualTo(9);
  }

  @Test
  void a2025ElicitationTravelsOnThePostStreamAndIsAnsweredByASeparatePost() {
    Session s = f.client.initialize("2025-11-25", J.obj("elicitation", J.obj()));
    try (HttpTestClient.Streaming call = s.call(1, "greet", J.obj("greeting", "Hi")).open()) {
      assertThat(call.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      JsonNode ask = call.events().nextMessage();
      assertThat(ask.path("method").asString()).isEqualTo("elicitation/create");
      assertThat(ask.path("params").path("message").asString()).isEqualTo("Your name?");
      assertThat(ask.has("id")).isTrue();

      Reply answered = s.answer(ask.get("id"), J.obj("action", "accept", "content", J.obj("name", "Ada"))).send();
      assertThat(answered.status()).isEqualTo(202);

      JsonNode result = call.events().nextMessage();
      assertThat(result.path("id").asInt()).isEqualTo(1);
      assertThat(result.path("result").path("content").get(0).path("text").asString()).isEqualTo("Hi, Ada");
      assertThat(call.events().remainingMessages()).isEmpty();
    }
  }

  @Test
  void a2025SamplingRequestIsAnsweredTheSameWay() {
    Session s = f.client.initialize("2025-06-18", J.obj("sampling", J.obj()));
    try (HttpTestClient.Streaming call = s.call("c1", "sample", null).open()) {
      JsonNode ask = call.events().nextMessage();
      assertThat(ask.path("method").asString()).isEqualTo("sampling/createMessage");
      assertThat(ask.path("params").path("maxTokens").asInt()).isEqualTo(10);
      s.answer(ask.get("id"), J.obj("role", "assistant", "content", J.obj("type", "text", "text", "4"),
          "model", "m")).send();
      JsonNode result = call.events().nextMessage();
      assertThat(result.path("id").asString()).isEqualTo("c1");
      assertThat(result.path("result").path("content").get(0).path("text").asString()).isEqualTo("model said 4");
    }
  }

  @Test
  void a2025ClientWithoutTheCapabilityIsToldSo() {
    Session s = f.client.initialize("2025-11-25");
    Reply r = s.call(1, "greet", null).send();
    assertThat(r.error().path("code").asInt()).isEqualTo(-32600);
    assertThat(r.error().path("message").asString()).contains("elicitation capability");
  }

  @Test
  void aMalformedAnswerFailsTheCallClearly() {
    Session s = f.client.initialize("2025-11-25", J.obj("elicitation", J.obj()));
    try (HttpTestClient.Streaming call = s.call(1, "greet", null).open()) {
      JsonNode ask = call.events().nextMessage();
      s.answer(ask.get("id"), J.obj("action", "maybe")).send();
      JsonNode result = call.events().nextMessage();
      assertThat(result.path("error").path("code").asInt()).isEqualTo(-32602);
      assertThat(result.path("error").path("message").asString()).contains("unknown action \"maybe\"");
    }
  }
}
