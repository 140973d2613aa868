package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Probe;
import dev.mcpkit.server.testing.RawHttp;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.SseStream;
import dev.mcpkit.server.testing.TestTools;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * 2025 resumability: when the connection of a POST stream drops before the result, the client
 * reconnects with GET and {@code Last-Event-ID} and receives what it missed, the result included,
 * whether the result was produced before or after it reconnected. Event ids never open another
 * session's or another stream's events.
 */
class ResumptionTest {

  private final Probe probe = new Probe();
  private HttpFixture f;
  private Session s;

  @BeforeEach
  void start() {
    // No heartbeat during a test: a stream must open (send its head) without waiting for one.
    f = HttpFixture.start(TestTools.server().tool(TestTools.progressThenBlock(probe)).build(),
        b -> b.options(HttpFixture.options(o -> o.heartbeat(java.time.Duration.ofMinutes(10)))));
    s = f.client.initialize("2025-11-25");
  }

  @AfterEach
  void stop() {
    probe.release.countDown();
    f.close();
  }

  /**
   * POSTs the streaming call on a raw connection, reads the priming and the progress event, and
   * drops the connection. Returns the id of the last event received.
   */
  private String callAndDrop() throws Exception {
    String lastId;
    try (RawHttp raw = RawHttp.connect(f.port())) {
      String body = Json.write(Rpc.request(1, "tools/call", J.obj("name", "progress-then-block",
          "_meta", J.obj("progressToken", "t"))));
      raw.postJson("/mcp", Map.of("Mcp-Session-Id", s.id(), "MCP-Protocol-Version", "2025-11-25"), body);
      RawHttp.Response head = raw.readHead();
      assertThat(head.header("Content-Type")).startsWith("text/event-stream");
      SseStream events = SseStream.reading(raw.body(head));
      SseStream.Event prime = events.next();
      assertThat(prime.data()).isEmpty();
      assertThat(prime.retry()).isNotNull();
      SseStream.Event progress = events.next();
      assertThat(progress.json().path("method").asString()).isEqualTo("notifications/progress");
      lastId = progress.id();
      probe.awaitEntered();
    }
    return lastId;
  }

  private static void assertIsTheResult(JsonNode m) {
    assertThat(m.path("id").asInt()).isEqualTo(1);
    assertThat(m.path("result").path("content").get(0).path("text").asString()).isEqualTo("released");
  }

  @Test
  void theResultProducedAfterTheDropIsDeliveredOnTheResumedGet() throws Exception {
    String lastId = callAndDrop();
    probe.release.countDown();
    Probe.await(probe.finished, "the tool returned");
    assertThat(probe.interrupted.getCount()).as("a 2025 drop does not cancel").isEqualTo(1);
    // The server wrote the result to a connection the client had closed; the write can appear to
    // succeed (it only reached the kernel), so the stream must stay resumable regardless.

    try (HttpTestClient.Streaming resumed = s.get().header("Last-Event-ID", lastId).open()) {
      assertThat(resumed.status()).isEqualTo(200);
      SseStream.Event e = resumed.events().next();
      assertThat(e.id()).startsWith(lastId.substring(0, lastId.indexOf('-') + 1));
      assertIsTheResult(e.json());
      assertThat(resumed.events().remainingMessages()).as("the resumed stream ends after the result").isEmpty();
    }
  }

  @Test
  void resumingBeforeTheResultReceivesItLive() throws Exception {
    String lastId = callAndDrop();
    try (HttpTestClient.Streaming resumed = s.get().header("Last-Event-ID", lastId).open()) {
      probe.release.countDown();
      List<JsonNode> rest = resumed.events().remainingMessages();
      assertThat(rest).hasSize(1);
      assertIsTheResult(rest.getFirst());
    }
  }

  @Test
  void theGetStreamResumesWithWhatItMissed() {
    String lastId;
    try (HttpTestClient.Streaming get = s.get().open()) {
      assertThat(get.events().next().id()).isEqualTo("0-0");
      f.server.addTool(dev.mcpkit.server.ServerTool.builder("a").handler(c -> null).build());
      SseStream.Event first = get.events().next();
      assertThat(first.json().path("method").asString()).isEqualTo("notifications/tools/list_changed");
      lastId = first.id();
    }
    // missed while disconnected
    f.server.addTool(dev.mcpkit.server.ServerTool.builder("b").handler(c -> null).build());
    f.server.removeTool("a");
    try (HttpTestClient.Streaming resumed = s.get().header("Last-Event-ID", lastId).open()) {
      SseStream.Event second = resumed.events().next();
      SseStream.Event third = resumed.events().next();
      assertThat(List.of(second.json(), third.json())).allSatisfy(m ->
          assertThat(m.path("method").asString()).isEqualTo("notifications/tools/list_changed"));
      assertThat(List.of(second.id(), third.id())).containsExactly("0-2", "0-3");
    }
  }

  @Test
  @DisplayName("SEC-RES-08 SEC-CTX-05 unknown or foreign event ids replay nothing")
  void foreignEventIdsReplayNothing() throws Exception {
    String lastId = callAndDrop();
    Session other = f.client.initialize("2025-11-25");
    HttpTestClient.Reply foreign = other.get().header("Last-Event-ID", lastId).send();
    assertThat(foreign.status()).as("another session's stream").isEqualTo(404);
    assertThat(foreign.body()).contains("no longer available").doesNotContain("released");

    assertThat(s.get().header("Last-Event-ID", "99-1").send().status()).isEqualTo(404);

    // the real owner still resumes
    probe.release.countDown();
    try (HttpTestClient.Streaming resumed = s.get().header("Last-Event-ID", lastId).open()) {
      assertIsTheResult(resumed.events().nextMessage());
    }
  }
}
