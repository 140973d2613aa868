package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.SseStream;
import dev.mcpkit.server.testing.TestTools;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 2024-11-05 HTTP+SSE transport: {@code GET /sse} announces the message endpoint in an {@code
 * endpoint} event; each POST to it is accepted with 202 and answered on the stream. Unknown or
 * missing session ids are 404 and never reach another session; the session ends with its stream.
 */
class LegacySseTest {

  private HttpFixture f;

  @BeforeEach
  void start() {
    f = HttpFixture.start(TestTools.server().tool(TestTools.greet()).build());
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private HttpTestClient.Streaming openSse() {
    HttpTestClient.Streaming s = f.client.request("GET", "/sse").header("Accept", "text/event-stream").open();
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    return s;
  }

  private static String endpoint(HttpTestClient.Streaming sse) {
    SseStream.Event e = sse.events().next();
    assertThat(e.event()).isEqualTo("endpoint");
    assertThat(e.data()).matches("/messages\\?sessionId=[0-9a-f]{32}");
    return e.data();
  }

  private Reply post(String endpoint, ObjectNode message) {
    return f.client.request("POST", endpoint).header("Content-Type", "application/json").body(message).send();
  }

  @Test
  void endpointEventThenPostsAnsweredOnTheStream() {
    try (HttpTestClient.Streaming sse = openSse()) {
      String endpoint = endpoint(sse);
      Reply init = post(endpoint, Rpc.request(1, "initialize", J.obj("protocolVersion", "2024-11-05",
          "capabilities", J.obj(), "clientInfo", J.obj("name", "old", "version", "0"))));
      assertThat(init.status()).isEqualTo(202);
      assertThat(init.body()).isEmpty();
      SseStream.Event answer = sse.events().next();
      assertThat(answer.event()).isEqualTo("message");
      assertThat(answer.json().path("id").asInt()).isEqualTo(1);
      assertThat(answer.json().path("result").path("protocolVersion").asString()).isEqualTo("2024-11-05");

      assertThat(post(endpoint, Rpc.notification("notifications/initialized", null)).status()).isEqualTo(202);
      assertThat(post(endpoint, Rpc.request(2, "tools/call", J.obj("name", "echo", "arguments",
          J.obj("message", "old times")))).status()).isEqualTo(202);
      JsonNode call = sse.events().nextMessage();
      assertThat(call.path("id").asInt()).isEqualTo(2);
      assertThat(call.path("result").path("content").get(0).path("text").asString()).isEqualTo("old times");
    }
  }

  @Test
  @DisplayName("SEC-TR-17 unknown or missing session ids are 404 and never reach the active session")
  void unknownSessionsAre404() {
    try (HttpTestClient.Streaming victim = openSse()) {
      String endpoint = endpoint(victim);
      ObjectNode init = Rpc.request(1, "initialize", J.obj("protocolVersion", "2024-11-05", "capabilities", J.obj()));
      Reply unknown = post("/messages?sessionId=00000000000000000000000000000000", init);
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.json().path("error").path("message").asString()).contains("Session not found");
      assertThat(post("/messages", init).status()).isEqualTo(404);
      assertThat(post("/messages?sessionId=", init).status()).isEqualTo(404);

      // the victim's next message is the answer to its own request, nothing injected before it
      post(endpoint, Rpc.request("mine", "initialize", J.obj("protocolVersion", "2024-11-05", "capabilities", J.obj())));
      assertThat(victim.events().nextMessage().path("id").asString()).isEqualTo("mine");
    }
  }

  @Test
  void malformedPostsAreRejectedBeforeTheStream() {
    try (HttpTestClient.Streaming sse = openSse()) {
      String endpoint = endpoint(sse);
      assertThat(f.client.request("POST", endpoint).header("Content-Type", "text/plain").body("{}").send().status())
          .isEqualTo(415);
      Reply parse = f.client.request("POST", endpoint).header("Content-Type", "application/json").body("{oops").send();
      assertThat(parse.status()).isEqualTo(400);
      assertThat(parse.json().path("error").path("code").asInt()).isEqualTo(-32700);
      assertThat(f.client.request("GET", endpoint).send().status()).isEqualTo(405);
    }
  }

  @Test
  void theSessionEndsWithItsStream() {
    String endpoint;
    try (HttpTestClient.Streaming sse = openSse()) {
      endpoint = endpoint(sse);
    }
    ObjectNode ping = Rpc.request(1, "ping", null);
    await().atMost(Duration.ofSeconds(20)).until(() -> post(endpoint, ping).status() == 404);
    await().atMost(Duration.ofSeconds(20)).until(() -> f.http.streamCount() == 0);
  }

  @Test
  void aKeptAliveConnectionCanAnswerTheElicitationOfTheRequestItCarried() throws Exception {
    // The answer to a POSTed request travels on the stream, so the POST connection must be free for
    // the client's next message: here, the answer to the elicitation that request is waiting for.
    try (HttpTestClient.Streaming sse = openSse(); var conn = dev.mcpkit.server.testing.RawHttp.connect(f.port())) {
      String endpoint = endpoint(sse);
      conn.postJson(endpoint, java.util.Map.of(), Rpc.request(1, "initialize", J.obj("protocolVersion", "2025-06-18",
          "capabilities", J.obj("elicitation", J.obj()), "clientInfo", J.obj("name", "old", "version", "0"))).toString());
      assertThat(conn.read().status()).isEqualTo(202);
      sse.events().nextMessage();
      conn.postJson(endpoint, java.util.Map.of(), Rpc.request(2, "tools/call", J.obj("name", "greet", "arguments", J.obj())).toString());
      assertThat(conn.read().status()).isEqualTo(202);
      JsonNode ask = sse.events().nextMessage();
      assertThat(ask.path("method").asString()).isEqualTo("elicitation/create");
      conn.postJson(endpoint, java.util.Map.of(), Rpc.result(ask.path("id"),
          J.obj("action", "accept", "content", J.obj("name", "Ada"))).toString());
      assertThat(conn.read().status()).isEqualTo(202);
      JsonNode result = sse.events().nextMessage();
      assertThat(result.path("id").asInt()).isEqualTo(2);
      assertThat(result.path("result").path("content").get(0).path("text").asString()).isEqualTo("Hello, Ada");
    }
  }

  @Test
  void theSseEndpointNeedsTheEventStreamAccept() {
    assertThat(f.client.request("GET", "/sse").header("Accept", "application/json").send().status()).isEqualTo(406);
  }
}
