package dev.mcpkit.cluster;

import static dev.mcpkit.cluster.ClusterFixture.A;
import static dev.mcpkit.cluster.ClusterFixture.B;
import static dev.mcpkit.cluster.ClusterFixture.C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Probe;
import dev.mcpkit.server.testing.SseStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One 2025 session served by three instances (A, B, C) sharing one Redis, with every request sent to a chosen
 * instance (raw HTTP): no instance needs to have seen the session before.
 */
class SessionsAcrossInstancesTest {

  private ClusterFixture f;

  @BeforeEach
  void start() {
    f = new ClusterFixture("a", "b", "c");
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private ClusterSession initialize(int on, String bearer, ObjectNode capabilities) {
    return ClusterSession.open(f, on, bearer, capabilities);
  }

  private ClusterSession initialize(int on) {
    return initialize(on, null, J.obj());
  }

  private static String text(JsonNode message) {
    return message.path("result").path("content").get(0).path("text").asString();
  }

  /** Opens the GET stream on an instance and waits for its priming event (the stream is live). */
  private static HttpTestClient.Streaming openGet(ClusterSession s, int on) {
    HttpTestClient.Streaming get = s.get(on).open();
    assertThat(get.status()).isEqualTo(200);
    SseStream.Event prime = get.events().next();
    assertThat(prime.data()).as("priming event").isEmpty();
    assertThat(prime.id()).matches("0-\\d+-\\d+");
    return get;
  }

  @Test
  void aSessionOpenedOnAServesToolsOnBAndC() {
    ClusterSession s = initialize(A);
    for (int on : new int[] {B, C, A}) {
      HttpTestClient.Reply r = s.call(on, on, "echo", J.obj("message", "hi-" + on)).send();
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(text(r.json())).isEqualTo("hi-" + on);
    }
    assertThat(f.servers).allSatisfy(server -> assertThat(server.sessionCount()).isEqualTo(1));
  }

  @Test
  void notificationsRaisedOnBReachTheGetStreamOnA() {
    ClusterSession s = initialize(A);
    try (HttpTestClient.Streaming get = openGet(s, A)) {
      assertThat(text(s.call(B, 1, "grow", null).send().json())).isEqualTo("grown on b");
      SseStream.Event e = get.events().next();
      assertThat(e.json().path("method").asString()).isEqualTo("notifications/tools/list_changed");
      assertThat(e.id()).matches("0-\\d+-\\d+");

      // subscribed through C, updated on B: B's copy of the session knows the subscription from the shared record
      assertThat(s.post(C, 2, "resources/subscribe", J.obj("uri", ClusterFixture.WATCHED)).send().status()).isEqualTo(200);
      assertThat(text(s.call(B, 3, "touch", null).send().json())).isEqualTo("touched on b");
      JsonNode updated = get.events().nextMessage();
      assertThat(updated.path("method").asString()).isEqualTo("notifications/resources/updated");
      assertThat(updated.path("params").path("uri").asString()).isEqualTo(ClusterFixture.WATCHED);
    }
  }

  @Test
  void anElicitationSentByBIsAnsweredThroughC() {
    ClusterSession s = initialize(A, null, J.obj("elicitation", J.obj()));
    JsonNode ask;
    try (HttpTestClient.Streaming call = s.call(B, 7, "greet", J.obj("greeting", "Hello")).open()) {
      assertThat(call.status()).isEqualTo(200);
      ask = call.events().nextMessage();
      assertThat(ask.path("method").asString()).isEqualTo("elicitation/create");
      assertThat(ask.path("id").asString()).as("the id names the instance that waits").startsWith("b:");
      HttpTestClient.Reply answered = s.answer(C, ask.path("id"), J.obj("action", "accept", "content",
          J.obj("name", "Ada"))).send();
      assertThat(answered.status()).as(answered.body()).isEqualTo(202);
      JsonNode result = call.events().nextMessage();
      assertThat(result.path("id").asInt()).isEqualTo(7);
      assertThat(text(result)).isEqualTo("Hello, Ada");
    }
    // an answer that names no pending request anywhere is still refused, as on one instance: the same answer again,
    // and one whose id names another live instance that sent no such request (it was routed and answered 202)
    var redis = f.jedis.getFirst();
    assertThat(redis.keys("mcpkit:{test}:await:*")).as("nothing is awaited any more").isEmpty();
    HttpTestClient.Reply again = s.answer(C, ask.path("id"), J.obj("action", "cancel")).send();
    assertThat(again.status()).as(again.body()).isEqualTo(400);
    assertThat(again.json().path("error").path("message").asString())
        .isEqualTo("Bad request: this response answers no pending server request");
    for (String madeUp : new String[] {"a:99", "b:99", "b:" + ask.path("id").asString().substring(2) + "0"}) {
      assertThat(s.answer(C, J.node(madeUp), J.obj("action", "cancel")).send().status()).as(madeUp).isEqualTo(400);
    }
    assertThat(s.answer(C, J.node("c:99"), J.obj("action", "cancel")).send().status()).isEqualTo(400);
    assertThat(s.answer(C, J.node(99), J.obj("action", "cancel")).send().status()).isEqualTo(400);
    // nor does one naming an instance that never joined, and Redis gets no key for it
    assertThat(s.answer(C, J.node("nowhere:1"), J.obj("action", "cancel")).send().status()).isEqualTo(400);
    assertThat(redis.exists("mcpkit:{test}:inbox:nowhere")).isFalse();
  }

  @Test
  void aCancellationInABatchSentToCStopsTheRequestRunningOnB() {
    ClusterSession old = ClusterSession.open(f, A, null, J.obj(), dev.mcpkit.core.protocol.ProtocolVersion.V2025_03_26.id());
    CompletableFuture<HttpTestClient.Reply> running = CompletableFuture.supplyAsync(
        () -> old.call(B, "long-2", "block", null).send());
    f.probe.awaitEntered();
    String batch = "[" + dev.mcpkit.core.json.Json.write(dev.mcpkit.server.testing.Rpc.notification(
        "notifications/cancelled", J.obj("requestId", "long-2"))) + "]";
    assertThat(old.req(C, f.client(C).post().body(batch)).send().status()).isEqualTo(202);
    f.probe.awaitInterrupted();
    running.cancel(true);
  }

  /**
   * No session id in clear anywhere in Redis; and every key has a time to live but the two the cluster keeps one of
   * (the instance counter and the capped control stream): instance names change with every start, session ids and
   * stream numbers with every client, and a key of one of them kept for ever is a leak.
   */
  @Test
  void redisHoldsNoSessionIdInClearAndEveryKeyExpires() {
    ClusterSession s = initialize(A, "alice", J.obj("elicitation", J.obj()));
    try (HttpTestClient.Streaming get = openGet(s, B)) {
      s.call(C, 1, "grow", null).send();
      get.events().nextMessage();
      assertThat(s.post(A, 2, "resources/subscribe", J.obj("uri", ClusterFixture.WATCHED)).send().status())
          .isEqualTo(200);
      s.notify(C, "notifications/cancelled", J.obj("requestId", 1)).send();
    }
    assertThat(s.post(B, 3, "tools/call", J.obj("name", "progress", "_meta", J.obj("progressToken", "p"))).send()
        .isSse()).isTrue();
    var redis = f.jedis.getFirst();
    await().atMost(Duration.ofSeconds(10)).until(() -> !redis.keys("mcpkit:{test}:req:*").isEmpty());
    java.util.Set<String> keys = redis.keys("*");
    assertThat(keys).filteredOn(k -> redis.pttl(k) < 0)
        .containsExactlyInAnyOrder("mcpkit:{test}:instances", "mcpkit:{test}:control");
    assertThat(keys).contains(s.recordKey());
    StringBuilder everything = new StringBuilder(String.join("\n", keys));
    for (String k : keys) {
      switch (redis.type(k)) {
        case "string" -> everything.append(redis.get(k));
        case "stream" -> redis.xrange(k, "-", "+").forEach(e -> everything.append(e.getFields()));
        default -> everything.append(redis.type(k));
      }
    }
    assertThat(everything.toString()).contains("alice").doesNotContain(s.id());
  }

  @Test
  void progressStreamsFromBAndTheLogLevelSetOnCHolds() {
    ClusterSession s = initialize(A);
    assertThat(s.post(C, 1, "logging/setLevel", J.obj("level", "warning")).send().status()).isEqualTo(200);
    HttpTestClient.Reply r = s.post(B, 2, "tools/call", J.obj("name", "progress", "_meta", J.obj("progressToken", "p")))
        .send();
    assertThat(r.isSse()).isTrue();
    List<String> methods = new ArrayList<>();
    r.messages().forEach(m -> methods.add(m.has("method") ? m.path("method").asString() : "result"));
    assertThat(methods).as("the info log is below the level set through C")
        .containsExactly("notifications/progress", "notifications/progress", "result");
    assertThat(text(r.last())).isEqualTo("done");
  }

  @Test
  void aRequestStreamResumesOnItsInstanceAndOnAnyOtherWithEverythingMissed() {
    ClusterSession s = initialize(A);
    String primed;
    try (HttpTestClient.Streaming call = s.post(B, 5, "tools/call", J.obj("name", "progress", "_meta",
        J.obj("progressToken", "p"))).open()) {
      SseStream.Event prime = call.events().next();
      assertThat(prime.data()).isEmpty();
      primed = prime.id();
    } // dropped after the priming event
    try (HttpTestClient.Streaming resumed = s.get(B).header("Last-Event-ID", primed).open()) {
      List<String> methods = new ArrayList<>();
      resumed.events().remainingMessages().forEach(m -> methods.add(m.has("method") ? m.path("method").asString() : "result"));
      assertThat(methods).containsExactly("notifications/progress", "notifications/message", "notifications/progress",
          "result");
    }
    try (HttpTestClient.Streaming elsewhere = s.get(C).header("Last-Event-ID", primed).open()) {
      assertThat(elsewhere.status()).as("a request stream resumes on any instance, from Redis").isEqualTo(200);
      List<String> methods = new ArrayList<>();
      elsewhere.events().remainingMessages().forEach(m -> methods.add(m.has("method") ? m.path("method").asString()
          : "result"));
      assertThat(methods).containsExactly("notifications/progress", "notifications/message", "notifications/progress",
          "result");
    }
  }

  @Test
  void aGetStreamOpenedOnBEndsTheOneOnASoNoEventGoesToTwoStreams() {
    ClusterSession s = initialize(C);
    try (HttpTestClient.Streaming onA = openGet(s, A); HttpTestClient.Streaming onB = openGet(s, B)) {
      assertThat(onA.events().remainingMessages()).as("A's stream ends, with nothing sent after B's opened").isEmpty();
      assertThat(text(s.call(C, 1, "grow", null).send().json())).isEqualTo("grown on c");
      assertThat(onB.events().nextMessage().path("method").asString()).isEqualTo("notifications/tools/list_changed");
    }
  }

  @Test
  void theGetStreamResumesOnAnotherInstance() {
    ClusterSession s = initialize(A);
    String lastId;
    try (HttpTestClient.Streaming get = openGet(s, A)) {
      s.call(B, 1, "grow", null).send();
      lastId = get.events().next().id();
    }
    // raised while no stream is open, on two instances
    s.call(B, 2, "grow", null).send();
    s.call(C, 3, "grow", null).send();
    try (HttpTestClient.Streaming resumed = s.get(C).header("Last-Event-ID", lastId).open()) {
      assertThat(resumed.status()).isEqualTo(200);
      SseStream.Event second = resumed.events().next();
      SseStream.Event third = resumed.events().next();
      assertThat(List.of(second, third)).allSatisfy(e ->
          assertThat(e.json().path("method").asString()).isEqualTo("notifications/tools/list_changed"));
      assertThat(second.id()).isNotEqualTo(lastId).matches("0-\\d+-\\d+");
      assertThat(third.id()).isNotEqualTo(second.id());
      // and live from there: C now holds the stream
      s.call(A, 4, "grow", null).send();
      assertThat(resumed.events().nextMessage().path("method").asString())
          .isEqualTo("notifications/tools/list_changed");
    }
  }

  /**
   * A Last-Event-ID of the GET stream's form whose numbers no stream id holds (beyond 2^63) opens a new stream, as an
   * unknown id does; it killed the instance's one reader, and with it every session's events and answers there.
   */
  @Test
  void anOutOfRangeEventIdOpensANewStreamAndTheReaderLivesOn() {
    ClusterSession s = initialize(A);
    try (HttpTestClient.Streaming hostile = s.get(B)
        .header("Last-Event-ID", "0-18446744073709551615-18446744073709551615").open()) {
      assertThat(hostile.status()).isEqualTo(200);
      assertThat(hostile.events().next().data()).as("primed: a new stream").isEmpty();
    }
    ClusterSession other = initialize(A);
    try (HttpTestClient.Streaming get = openGet(other, B)) {
      other.call(A, 1, "grow", null).send();
      assertThat(get.events().nextMessage().path("method").asString()).isEqualTo("notifications/tools/list_changed");
    }
  }

  @Test
  void aReconnectionToTheSameInstanceReplacesItsStreamWithNoEventTwice() {
    ClusterSession s = initialize(A);
    try (HttpTestClient.Streaming first = openGet(s, A)) {
      s.call(B, 1, "grow", null).send();
      s.call(B, 2, "grow", null).send();
      String e1 = first.events().next().id();
      String e2 = first.events().next().id();
      // the old connection is still open: the new one replaces it, from e1
      try (HttpTestClient.Streaming second = s.get(A).header("Last-Event-ID", e1).open()) {
        assertThat(second.events().next().id()).isEqualTo(e2);
        assertThat(first.events().remainingMessages()).as("the replaced stream ends").isEmpty();
        s.call(C, 3, "grow", null).send();
        s.call(C, 4, "grow", null).send();
        String e3 = second.events().next().id();
        String e4 = second.events().next().id();
        assertThat(List.of(e1, e2, e3, e4)).doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void deleteOnBEndsTheSessionOnAAndEverywhere() {
    ClusterSession s = initialize(A);
    s.call(C, 1, "echo", J.obj("message", "x")).send(); // C holds a copy too
    try (HttpTestClient.Streaming get = openGet(s, A)) {
      assertThat(s.delete(B).send().status()).isEqualTo(200);
      assertThat(get.events().remainingMessages()).as("A's GET stream ends").isEmpty();
    }
    for (int on : new int[] {A, B, C}) {
      HttpTestClient.Reply r = s.call(on, 2, "echo", J.obj("message", "x")).send();
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.body()).contains("Session not found");
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(f.servers).allSatisfy(server -> assertThat(server.sessionCount()).isZero()));
  }

  @Test
  void anotherCallerGets403AndAnUnknownId404OnEveryInstance() {
    ClusterSession alice = initialize(A, "alice", J.obj());
    ClusterSession unknown = new ClusterSession(f, "no-such-session-" + "x".repeat(20), "alice", ClusterSession.V);
    for (int on : new int[] {A, B, C}) {
      HttpTestClient.Reply bob = alice.call(on, 1, "echo", J.obj("message", "x"))
          .header("Authorization", "Bearer bob").send();
      assertThat(bob.status()).isEqualTo(403);
      assertThat(bob.body()).contains("belongs to another caller");
      assertThat(alice.get(on).header("Authorization", "Bearer bob").send().status()).isEqualTo(403);
      assertThat(alice.call(on, 1, "echo", J.obj("message", "x")).without("Authorization").send().status())
          .as("anonymous").isEqualTo(403);
      assertThat(unknown.call(on, 1, "echo", J.obj("message", "x")).send().status()).isEqualTo(404);
    }
    assertThat(f.servers.get(B).sessionCount()).as("a refused caller leaves no copy").isZero();
    HttpTestClient.Reply ok = alice.call(C, 2, "echo", J.obj("message", "mine")).send();
    assertThat(text(ok.json())).isEqualTo("mine");
  }

  @Test
  void aCancellationSentToCStopsTheRequestRunningOnB() {
    ClusterSession s = initialize(A);
    CompletableFuture<HttpTestClient.Reply> running = CompletableFuture.supplyAsync(
        () -> s.call(B, "long-1", "block", null).send());
    f.probe.awaitEntered();
    assertThat(s.notify(C, "notifications/cancelled", J.obj("requestId", "long-1", "reason", "enough")).send().status())
        .isEqualTo(202);
    f.probe.awaitInterrupted();
    Probe.await(f.probe.finished, "the cancelled tool returned");
    running.cancel(true);
  }

  /**
   * One session's cancellations are bounded on the control stream every instance reads (about 10,000 entries, with the
   * session ends and GET stream claims): a client flooding cancellations put every one there, and could push those
   * entries out before a slow instance read them. Another session's cancellation still stops its request elsewhere.
   */
  @Test
  void aFloodOfCancellationsPutsNoMoreThanTheSessionsBudgetOnTheControlStream() {
    ClusterSession flood = initialize(A);
    ClusterSession other = initialize(A);
    var redis = f.jedis.getFirst();
    long before = redis.xlen("mcpkit:{test}:control");
    for (int i = 0; i < RedisSessions.CANCEL_BUDGET + 50; i++) {
      assertThat(flood.notify(C, "notifications/cancelled", J.obj("requestId", "none-" + i)).send().status())
          .isEqualTo(202);
    }
    assertThat(redis.xlen("mcpkit:{test}:control") - before).isEqualTo(RedisSessions.CANCEL_BUDGET);
    assertThat(redis.pttl("mcpkit:{test}:cancels:" + dev.mcpkit.store.Hashes.sha256(flood.id()))).isPositive();
    CompletableFuture<HttpTestClient.Reply> running = CompletableFuture.supplyAsync(
        () -> other.call(B, "long-1", "block", null).send());
    f.probe.awaitEntered();
    assertThat(other.notify(C, "notifications/cancelled", J.obj("requestId", "long-1")).send().status())
        .isEqualTo(202);
    f.probe.awaitInterrupted();
    Probe.await(f.probe.finished, "the cancelled tool returned");
    running.cancel(true);
  }
}
