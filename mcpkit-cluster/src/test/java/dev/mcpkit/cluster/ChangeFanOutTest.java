package dev.mcpkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.store.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * List changes and resource updates published on one instance reach the 2026 {@code subscriptions/listen} streams and
 * the 2025 session streams held by another instance, through the Redis Stream; nothing received is published again.
 */
class ChangeFanOutTest {

  private RedisServer redis;
  private Node a;
  private Node b;

  @BeforeEach
  void start() {
    redis = RedisServer.throwaway();
    a = Node.start(redis.uri(), "a");
    b = Node.start(redis.uri(), "b");
  }

  @AfterEach
  void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
    redis.close();
  }

  /** Opens a listen stream on {@code node} and waits for its acknowledgement (the subscription is live). */
  static HttpTestClient.Streaming listen(Node node, Object id, JsonNode filter) {
    HttpTestClient.Streaming s = node.client.modern(id, "subscriptions/listen", J.obj("notifications", filter)).open();
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.events().nextMessage().path("method").asString())
        .isEqualTo("notifications/subscriptions/acknowledged");
    return s;
  }

  @Test
  void aToolCallOnBThatChangesTheToolListReachesAListenStreamOnA() {
    try (HttpTestClient.Streaming onA = listen(a, "sub-a", J.obj("toolsListChanged", true));
         HttpTestClient.Streaming onB = listen(b, "sub-b", J.obj("toolsListChanged", true,
             "resourceSubscriptions", J.arr(Node.WATCHED)))) {
      HttpTestClient.Reply call = b.client.call(1, "add-tool", J.obj()).send();
      assertThat(call.result().path("content").get(0).path("text").asString()).isEqualTo("added-1");

      JsonNode n = onA.events().nextMessage();
      assertThat(n.path("method").asString()).isEqualTo("notifications/tools/list_changed");
      assertThat(n.path("params").path("_meta").path(MetaKeys.SUBSCRIPTION_ID).asString()).isEqualTo("sub-a");
      assertThat(onB.events().nextMessage().path("method").asString()).isEqualTo("notifications/tools/list_changed");

      // No echo: A received the change from Redis and must not send it back. A marker published on A after it
      // reaches B next; an echo (sent by A's sender before the marker) would reach B first.
      a.server.resourceUpdated(Node.WATCHED);
      JsonNode next = onB.events().nextMessage();
      assertThat(next.path("method").asString()).as("the next message on B")
          .isEqualTo("notifications/resources/updated");
      assertThat(next.path("params").path("uri").asString()).isEqualTo(Node.WATCHED);
    }
  }

  @Test
  void resourceUpdatesAndListChangesReachListenStreamsAndSessionsOnTheOtherInstance() {
    Session session = a.client.initialize("2025-11-25");
    assertThat(session.post(2, "resources/subscribe", J.obj("uri", Node.WATCHED)).send().status()).isEqualTo(200);
    try (HttpTestClient.Streaming get = session.get().open();
         HttpTestClient.Streaming onA = listen(a, 7, J.obj("resourceSubscriptions", J.arr(Node.WATCHED)))) {
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.events().next().data()).as("priming event").isEmpty();

      b.server.resourceUpdated("test://not-watched"); // nobody asked: reaches nobody
      b.server.resourceUpdated(Node.WATCHED);

      JsonNode listened = onA.events().nextMessage();
      assertThat(listened.path("method").asString()).isEqualTo("notifications/resources/updated");
      assertThat(listened.path("params").path("uri").asString()).isEqualTo(Node.WATCHED);
      assertThat(listened.path("params").path("_meta").path(MetaKeys.SUBSCRIPTION_ID).asInt()).isEqualTo(7);
      JsonNode onSession = get.events().nextMessage();
      assertThat(onSession.path("method").asString()).isEqualTo("notifications/resources/updated");
      assertThat(onSession.path("params").path("uri").asString()).isEqualTo(Node.WATCHED);

      assertThat(b.client.call(3, "add-tool", J.obj()).send().status()).isEqualTo(200);
      assertThat(get.events().nextMessage().path("method").asString()).isEqualTo("notifications/tools/list_changed");
    }
  }

  /**
   * A 2025 session both instances hold a copy of (initialized on A, used on B): each hears of a change made on B (B
   * itself, A through the bus), and the session's GET stream gets it once: the change's id makes the second append
   * a no-op.
   */
  @Test
  void aChangeReachesASessionSharedByBothInstancesOnce() {
    Session session = a.client.initialize("2025-11-25");
    HttpTestClient.Reply onB = b.client.post().header("Mcp-Session-Id", session.id())
        .header("MCP-Protocol-Version", session.version())
        .body(Rpc.request(2, "resources/subscribe", J.obj("uri", Node.WATCHED))).send();
    assertThat(onB.status()).as("the session used on B: %s", onB.body()).isEqualTo(200);
    try (HttpTestClient.Streaming get = session.get().open()) {
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.events().next().data()).as("priming event").isEmpty();

      assertThat(b.client.call(3, "add-tool", J.obj()).send().status()).isEqualTo(200);
      assertThat(get.events().nextMessage().path("method").asString()).isEqualTo("notifications/tools/list_changed");
      // A marker after it, from A: a second list_changed (the copy on A appending the same change) would come first.
      a.server.resourceUpdated(Node.WATCHED);
      assertThat(get.events().nextMessage().path("method").asString()).as("the next event after the change")
          .isEqualTo("notifications/resources/updated");
    }
  }
}
