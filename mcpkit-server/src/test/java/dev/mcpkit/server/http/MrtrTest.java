package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.TestTools;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * 2026-07-28 multi round-trip requests over HTTP: a handler that asks for input ends the attempt
 * with an {@code InputRequiredResult}; the retry with {@code inputResponses} and the sealed {@code
 * requestState} completes it, over as many rounds as needed. Tampered, expired, foreign-principal
 * and foreign-request states are rejected with -32602; a client without the needed capability
 * gets -32021 with HTTP 400.
 */
class MrtrTest {

  private static final ObjectNode ELICIT = J.obj("elicitation", J.obj());
  private static final RequestGuard BY_HEADER = request -> {
    String user = request.getHeaders().get("X-Test-User");
    String client = request.getHeaders().get("X-Test-Client");
    return RequestGuard.Decision.allow(user == null ? null
        : new Caller(user, client == null ? "app" : client, Set.of(), Map.of()));
  };

  private HttpFixture f;

  private static McpServer server(Duration stateTtl) {
    return TestTools.server().tool(TestTools.greet()).tool(TestTools.survey()).tool(TestTools.sample())
        .requestStateTtl(stateTtl).build();
  }

  @BeforeEach
  void start() {
    f = HttpFixture.start(server(Duration.ofMinutes(10)), b -> b.guard(BY_HEADER));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** A tools/call from a client with the given capabilities; extras go into params. */
  private static HttpTestClient.Req call(HttpFixture fx, Object id, String tool, ObjectNode args, ObjectNode caps,
      ObjectNode extra) {
    ObjectNode params = J.obj("name", tool, "arguments", args, "_meta", HttpTestClient.meta(caps));
    if (extra != null) {
      params.setAll(extra);
    }
    return fx.client.modern(id, "tools/call", params);
  }

  private static ObjectNode accept(String name) {
    return J.obj("action", "accept", "content", J.obj("name", name));
  }

  private static void assertInvalidState(Reply r, String fragment) {
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.error().path("code").asInt()).as(r.body()).isEqualTo(-32602);
    assertThat(r.error().path("message").asString()).contains(fragment);
  }

  private JsonNode firstRound(String user) {
    Reply r = call(f, 1, "greet", J.obj("greeting", "Hi"), ELICIT, null).header("X-Test-User", user).send();
    assertThat(r.status()).isEqualTo(200);
    return r.result();
  }

  @Test
  void elicitationRoundTrip() {
    Reply first = call(f, 1, "greet", J.obj("greeting", "Hi"), ELICIT, null).send();
    JsonNode ir = first.result();
    assertThat(ir.path("resultType").asString()).isEqualTo("input_required");
    assertThat(ir.path("_meta").path(MetaKeys.SERVER_INFO).path("name").asString()).isEqualTo("test");
    JsonNode ask = ir.path("inputRequests").path("elicit-1");
    assertThat(ask.path("method").asString()).isEqualTo("elicitation/create");
    assertThat(ask.path("params").path("message").asString()).isEqualTo("Your name?");
    assertThat(ask.path("params").path("requestedSchema").path("required").get(0).asString()).isEqualTo("name");
    String state = ir.path("requestState").asString();
    assertThat(state).isNotBlank();

    Reply done = call(f, 2, "greet", J.obj("greeting", "Hi"), ELICIT, J.obj("inputResponses",
        J.obj("elicit-1", accept("Ada")), "requestState", state)).send();
    assertThat(done.result().path("resultType").asString()).isEqualTo("complete");
    assertThat(done.result().path("content").get(0).path("text").asString()).isEqualTo("Hi, Ada");

    Reply declined = call(f, 3, "greet", J.obj("greeting", "Hi"), ELICIT, J.obj("inputResponses",
        J.obj("elicit-1", J.obj("action", "decline")), "requestState", state)).send();
    assertThat(declined.result().path("content").get(0).path("text").asString()).isEqualTo("no name: decline");
  }

  @Test
  void multipleRounds() {
    JsonNode r1 = call(f, 1, "survey", J.obj(), ELICIT, null).send().result();
    assertThat(r1.path("inputRequests").properties()).extracting(Map.Entry::getKey).containsExactly("elicit-1");

    JsonNode r2 = call(f, 2, "survey", J.obj(), ELICIT, J.obj("inputResponses", J.obj("elicit-1", accept("Ada")),
        "requestState", r1.path("requestState").asString())).send().result();
    assertThat(r2.path("resultType").asString()).isEqualTo("input_required");
    assertThat(r2.path("inputRequests").properties()).extracting(Map.Entry::getKey).containsExactly("elicit-2");
    assertThat(r2.path("inputRequests").path("elicit-2").path("params").path("message").asString()).isEqualTo("Last name?");

    // the second state carries the first answer: only the new one is sent
    JsonNode r3 = call(f, 3, "survey", J.obj(), ELICIT, J.obj("inputResponses", J.obj("elicit-2", accept("Lovelace")),
        "requestState", r2.path("requestState").asString())).send().result();
    assertThat(r3.path("resultType").asString()).isEqualTo("complete");
    assertThat(r3.path("content").get(0).path("text").asString()).isEqualTo("Ada Lovelace");
  }

  @Test
  @DisplayName("SEC-CTX-08 a tampered requestState is rejected")
  void tamperedStateIsRejected() {
    String state = firstRound("alice").path("requestState").asString();
    int dot = state.indexOf('.');
    char c = state.charAt(dot / 2);
    String flippedPayload = state.substring(0, dot / 2) + (c == 'A' ? 'B' : 'A') + state.substring(dot / 2 + 1);
    String flippedMac = state.substring(0, state.length() - 2) + (state.charAt(state.length() - 2) == 'A' ? 'B' : 'A')
        + state.charAt(state.length() - 1);
    for (String bad : new String[] {flippedPayload, flippedMac}) {
      assertInvalidState(call(f, 2, "greet", J.obj("greeting", "Hi"), ELICIT, J.obj("inputResponses",
          J.obj("elicit-1", accept("Eve")), "requestState", bad)).header("X-Test-User", "alice").send(),
          "requestState failed integrity verification");
    }
    assertInvalidState(call(f, 3, "greet", J.obj("greeting", "Hi"), ELICIT, J.obj("requestState", "garbage"))
        .header("X-Test-User", "alice").send(), "requestState is malformed");
    assertInvalidState(call(f, 4, "greet", J.obj("greeting", "Hi"), ELICIT, J.obj("requestState", 42))
        .header("X-Test-User", "alice").send(), "\"requestState\" must be a string");
  }

  @Test
  @DisplayName("SEC-CTX-08 a requestState from another server key is rejected")
  void stateFromAnotherKeyIsRejected() {
    String state;
    try (HttpFixture other = HttpFixture.start(server(Duration.ofMinutes(10)))) {
      state = call(other, 1, "greet", J.obj("greeting", "Hi"), ELICIT, null).send().result().path("requestState")
          .asString();
    }
    assertInvalidState(call(f, 2, "greet", J.obj("greeting", "Hi"), ELICIT, J.obj("inputResponses",
        J.obj("elicit-1", accept("Ada")), "requestState", state)).send(), "integrity");
  }

  @Test
  @DisplayName("SEC-CTX-08 an expired requestState is rejected")
  void expiredStateIsRejected() throws InterruptedException {
    try (HttpFixture shortLived = HttpFixture.start(server(Duration.ofMillis(1)))) {
      String state = call(shortLived, 1, "greet", J.obj("greeting", "Hi"), ELICIT, null).send().result()
          .path("requestState").asString();
      Thread.sleep(20); // outlive the 1 ms lifetime (not a speed assertion)
      assertInvalidState(call(shortLived, 2, "greet", J.obj("greeting", "Hi"), ELICIT, J.obj("inputResponses",
          J.obj("elicit-1", accept("Ada")), "requestState", state)).send(), "requestState has expired");
    }
  }

  @Test
  @DisplayName("SEC-CTX-08 a requestState presented by another principal is rejected")
  void otherPrincipalIsRejected() {
    String state = firstRound("alice").path("requestState").asString();
    ObjectNode retry = J.obj("inputResponses", J.obj("elicit-1", accept("Mallory")), "requestState", state);
    assertInvalidState(call(f, 2, "greet", J.obj("greeting", "Hi"), ELICIT, retry).header("X-Test-User", "bob").send(),
        "belongs to a different caller");
    assertInvalidState(call(f, 3, "greet", J.obj("greeting", "Hi"), ELICIT, retry).send(),
        "belongs to a different caller");
    Reply alice = call(f, 4, "greet", J.obj("greeting", "Hi"), ELICIT, retry).header("X-Test-User", "alice").send();
    assertThat(alice.result().path("content").get(0).path("text").asString()).isEqualTo("Hi, Mallory");
  }

  @Test
  @DisplayName("SEC-CTX-08 a requestState presented by the same user through another OAuth client is rejected")
  void otherClientIsRejected() {
    String state = firstRound("alice").path("requestState").asString();
    ObjectNode retry = J.obj("inputResponses", J.obj("elicit-1", accept("Mallory")), "requestState", state);
    assertInvalidState(call(f, 2, "greet", J.obj("greeting", "Hi"), ELICIT, retry).header("X-Test-User", "alice")
        .header("X-Test-Client", "other-app").send(), "belongs to a different client");
    Reply same = call(f, 3, "greet", J.obj("greeting", "Hi"), ELICIT, retry).header("X-Test-User", "alice")
        .header("X-Test-Client", "app").send();
    assertThat(same.result().path("content").get(0).path("text").asString()).isEqualTo("Hi, Mallory");
  }

  @Test
  @DisplayName("SEC-CTX-08 a requestState replayed with other arguments or another tool is rejected")
  void otherRequestIsRejected() {
    String state = firstRound("alice").path("requestState").asString();
    ObjectNode retry = J.obj("inputResponses", J.obj("elicit-1", accept("Ada")), "requestState", state);
    assertInvalidState(call(f, 2, "greet", J.obj("greeting", "Bye"), ELICIT, retry).header("X-Test-User", "alice")
        .send(), "belongs to a different request");
    assertInvalidState(call(f, 3, "survey", J.obj(), ELICIT, retry).header("X-Test-User", "alice").send(),
        "belongs to a different request");
  }

  @Test
  void missingCapabilityIs32021WithHttp400() {
    Reply r = call(f, 1, "greet", J.obj(), J.obj(), null).send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error().path("code").asInt()).isEqualTo(-32021);
    assertThat(r.error().path("message").asString()).contains("elicitation");
    assertThat(r.error().path("data").path("requiredCapabilities")).isEqualTo(J.obj("elicitation", J.obj()));

    Reply sampling = call(f, 2, "sample", J.obj(), ELICIT, null).send();
    assertThat(sampling.status()).isEqualTo(400);
    assertThat(sampling.error().path("data").path("requiredCapabilities")).isEqualTo(J.obj("sampling", J.obj()));

    JsonNode asked = call(f, 3, "sample", J.obj(), J.obj("sampling", J.obj()), null).send().result();
    assertThat(asked.path("inputRequests").path("sample-1").path("method").asString()).isEqualTo("sampling/createMessage");
  }

  @Test
  void malformedAnswersAreInvalidParams() {
    String state = call(f, 1, "greet", J.obj(), ELICIT, null).send().result().path("requestState").asString();
    assertInvalidState(call(f, 2, "greet", J.obj(), ELICIT, J.obj("inputResponses",
        J.obj("elicit-1", J.obj("action", "maybe")), "requestState", state)).send(), "unknown action \"maybe\"");
    assertInvalidState(call(f, 3, "greet", J.obj(), ELICIT, J.obj("inputResponses", J.arr(1), "requestState", state))
        .send(), "\"inputResponses\" must be an object");
  }

  @Test
  void onlyToolsPromptsAndResourcesMayAsk() {
    // tools/list cannot ask; a stray requestState there is simply not a parameter of it
    Reply list = f.client.modern(1, "tools/list", J.obj("requestState", "x")).send();
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.result().path("resultType").asString()).isEqualTo("complete");
  }
}
