package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.TestTools;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Server-initiated change notifications: on the 2025 GET stream (list changes for every session,
 * resource updates only for sessions that subscribed) and on 2026 {@code subscriptions/listen}
 * streams (acknowledgement first, every notification tagged with the subscription id, only what
 * the filter asked for, a final result when the server closes the stream).
 */
class ChangeNotificationsTest {

  private static final String WATCHED = "test://watched";
  private HttpFixture f;
  private int added;

  @BeforeEach
  void start() {
    f = HttpFixture.start(TestTools.server().resource(ServerResource.builder(WATCHED, "w").mimeType("text/plain").text("v1").build())
        .build(), b -> b.options(HttpFixture.options(o -> o.heartbeat(Duration.ofMinutes(10))
            .maxStreamsPerClient(1000)))); // many streams open and close in a row; the limit is LimitsTest's
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private void addTool() {
    f.server.addTool(ServerTool.builder("added-" + (++added)).handler(c -> ToolResults.text("x")).build());
  }

  /** Opens a session's GET stream and waits until it is live (its priming event arrived). */
  private HttpTestClient.Streaming openGet(Session s) {
    HttpTestClient.Streaming get = s.get().open();
    assertThat(get.status()).isEqualTo(200);
    if (s.version().compareTo("2025-11-25") >= 0) {
      assertThat(get.events().next().data()).as("priming event").isEmpty();
    }
    return get;
  }

  @Test
  void listChangedReachesTheGetStreamAfterAddTool() {
    Session s = f.client.initialize("2025-11-25");
    try (HttpTestClient.Streaming get = openGet(s)) {
      addTool();
      JsonNode n = get.events().nextMessage();
      assertThat(n.path("method").asString()).isEqualTo("notifications/tools/list_changed");
      assertThat(n.has("id")).isFalse();
      f.server.removeTool("added-1");
      assertThat(get.events().nextMessage().path("method").asString()).isEqualTo("notifications/tools/list_changed");
    }
  }

  @Test
  void aGetStreamIsLiveAsSoonAsItsHeadArrives() {
    // Nothing sent between the response head and the attachment of the connection may be lost.
    for (String version : new String[] {"2025-06-18", "2025-11-25"}) {
      Session s = f.client.initialize(version);
      for (int i = 0; i < 200; i++) {
        try (HttpTestClient.Streaming get = s.get().open()) {
          addTool();
          assertThat(get.events().nextMessage().path("method").asString()).as("%s attempt %d", version, i)
              .isEqualTo("notifications/tools/list_changed");
        }
      }
    }
  }

  @Test
  void resourceUpdatesReachOnlySubscribedSessions() {
    Session a = f.client.initialize("2025-11-25");
    Session b = f.client.initialize("2025-11-25");
    assertThat(a.post(1, "resources/subscribe", J.obj("uri", WATCHED)).send().result().isEmpty()).isTrue();
    try (HttpTestClient.Streaming getA = openGet(a); HttpTestClient.Streaming getB = openGet(b)) {
      f.server.resourceUpdated(WATCHED);
      addTool(); // a marker both sessions receive
      JsonNode first = getA.events().nextMessage();
      assertThat(first.path("method").asString()).isEqualTo("notifications/resources/updated");
      assertThat(first.path("params").path("uri").asString()).isEqualTo(WATCHED);
      assertThat(getA.events().nextMessage().path("method").asString()).isEqualTo("notifications/tools/list_changed");
      assertThat(getB.events().nextMessage().path("method").asString())
          .as("b did not subscribe: the marker comes first").isEqualTo("notifications/tools/list_changed");

      assertThat(a.post(2, "resources/unsubscribe", J.obj("uri", WATCHED)).send().status()).isEqualTo(200);
      f.server.resourceUpdated(WATCHED);
      addTool();
      assertThat(getA.events().nextMessage().path("method").asString()).isEqualTo("notifications/tools/list_changed");
    }
  }

  private HttpTestClient.Streaming listen(Object id, JsonNode filter) {
    HttpTestClient.Streaming s = f.client.modern(id, "subscriptions/listen", J.obj("notifications", filter)).open();
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    return s;
  }

  @Test
  void listenAcknowledgesFirstTagsEverythingAndHonoursTheFilter() {
    try (HttpTestClient.Streaming l = listen("sub-1", J.obj("toolsListChanged", true, "promptsListChanged", true,
        "resourceSubscriptions", J.arr(WATCHED)))) {
      JsonNode ack = l.events().nextMessage();
      assertThat(ack.path("method").asString()).isEqualTo("notifications/subscriptions/acknowledged");
      assertThat(ack.path("params").path("_meta").path(MetaKeys.SUBSCRIPTION_ID).asString()).isEqualTo("sub-1");
      // the server has no prompts capability: that part of the filter is not honoured
      assertThat(ack.path("params").path("notifications")).isEqualTo(J.obj("toolsListChanged", true,
          "resourceSubscriptions", J.arr(WATCHED)));

      f.server.resourceUpdated("test://not-watched");
      f.server.addResource(ServerResource.builder("test://new", "n").mimeType("text/plain").text("x").build()); // not asked for
      f.server.resourceUpdated(WATCHED);
      addTool();

      JsonNode updated = l.events().nextMessage();
      assertThat(updated.path("method").asString()).isEqualTo("notifications/resources/updated");
      assertThat(updated.path("params").path("uri").asString()).isEqualTo(WATCHED);
      assertThat(updated.path("params").path("_meta").path(MetaKeys.SUBSCRIPTION_ID).asString()).isEqualTo("sub-1");
      JsonNode tools = l.events().nextMessage();
      assertThat(tools.path("method").asString()).isEqualTo("notifications/tools/list_changed");
      assertThat(tools.path("params").path("_meta").path(MetaKeys.SUBSCRIPTION_ID).asString()).isEqualTo("sub-1");

      f.http.close(); // the server ends the subscription gracefully
      var rest = l.events().remainingMessages();
      assertThat(rest).hasSize(1);
      JsonNode end = rest.getFirst();
      assertThat(end.path("id").asString()).isEqualTo("sub-1");
      assertThat(end.path("result").path("resultType").asString()).isEqualTo("complete");
      assertThat(end.path("result").path("_meta").path(MetaKeys.SUBSCRIPTION_ID).asString()).isEqualTo("sub-1");
    }
  }

  @Test
  void aChangeRightAfterTheAcknowledgementIsNotLost() {
    for (int i = 0; i < 200; i++) {
      try (HttpTestClient.Streaming l = listen(i, J.obj("toolsListChanged", true))) {
        assertThat(l.events().nextMessage().path("method").asString()).isEqualTo("notifications/subscriptions/acknowledged");
        addTool();
        JsonNode n = l.events().nextMessage();
        assertThat(n.path("method").asString()).isEqualTo("notifications/tools/list_changed");
        assertThat(n.path("params").path("_meta").path(MetaKeys.SUBSCRIPTION_ID).asInt()).isEqualTo(i);
      }
    }
  }

  @Test
  void concurrentSubscriptionsAreTaggedApart() {
    try (HttpTestClient.Streaming tools = listen(1, J.obj("toolsListChanged", true));
         HttpTestClient.Streaming res = listen(2, J.obj("resourceSubscriptions", J.arr(WATCHED)))) {
      tools.events().nextMessage();
      res.events().nextMessage();
      f.server.resourceUpdated(WATCHED);
      addTool();
      JsonNode t = tools.events().nextMessage();
      assertThat(t.path("method").asString()).isEqualTo("notifications/tools/list_changed");
      assertThat(t.path("params").path("_meta").path(MetaKeys.SUBSCRIPTION_ID).asInt()).isEqualTo(1);
      JsonNode r = res.events().nextMessage();
      assertThat(r.path("method").asString()).isEqualTo("notifications/resources/updated");
      assertThat(r.path("params").path("_meta").path(MetaKeys.SUBSCRIPTION_ID).asInt()).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("SEC-RES-18 closing a listen stream removes its server-side subscription")
  void closingTheListenStreamUnsubscribes() {
    int before = f.server.changes().size();
    HttpTestClient.Streaming l = listen(1, J.obj("toolsListChanged", true));
    l.events().nextMessage();
    assertThat(f.server.changes().size()).isEqualTo(before + 1);
    l.close();
    await().atMost(Duration.ofSeconds(20)).until(() -> f.server.changes().size() == before);
    assertThat(f.client.call(2, "echo", J.obj("message", "ok")).send().status()).isEqualTo(200);
  }

  @Test
  void listenNeedsAFilter() {
    HttpTestClient.Reply r = f.client.modern(1, "subscriptions/listen", J.obj()).send();
    assertThat(r.error().path("code").asInt()).isEqualTo(-32602);
    assertThat(r.error().path("message").asString()).contains("notifications");
  }
}
