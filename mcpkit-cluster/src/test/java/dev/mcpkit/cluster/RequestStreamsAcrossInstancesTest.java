package dev.mcpkit.cluster;

import static dev.mcpkit.cluster.ClusterFixture.A;
import static dev.mcpkit.cluster.ClusterFixture.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.SseStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A request's own stream in cluster mode: kept in Redis and leased by the instance running the request, so that a
 * client resumes it on any instance (events replayed, then live ones through Redis), and a client resuming the stream
 * of a request whose instance died (simulated: its threads stopped, nothing released, as kill -9 leaves it) gets an
 * error for the request instead of waiting for ever. An answer to a server request of a dead instance is refused.
 */
class RequestStreamsAcrossInstancesTest {

  @AutoClose private ClusterFixture f; // each test starts its own

  /** Starts {@code progress-then-block} on A, reads its priming and progress events, and drops the connection. */
  private static SseStream.Event[] startOnA(ClusterSession s) {
    try (HttpTestClient.Streaming call = s.post(A, 7, "tools/call", J.obj("name", "progress-then-block", "_meta",
        J.obj("progressToken", "p"))).open()) {
      assertThat(call.status()).isEqualTo(200);
      SseStream.Event prime = call.events().next();
      assertThat(prime.data()).as("priming event").isEmpty();
      SseStream.Event progress = call.events().next();
      assertThat(progress.json().path("method").asString()).isEqualTo("notifications/progress");
      return new SseStream.Event[] {prime, progress};
    }
  }

  /** {@link #startOnA}, then waits until the request runs and its events are in Redis. */
  private SseStream.Event[] startSharedOnA(ClusterSession s) {
    SseStream.Event[] seen = startOnA(s);
    f.probe.awaitEntered();
    awaitShared();
    return seen;
  }

  private void awaitShared() {
    var redis = f.jedis.getFirst();
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.keys("mcpkit:{test}:req:*").stream()
        .anyMatch(k -> redis.xlen(k) > 0));
  }

  @Test
  void aRequestStreamResumesOnAnotherInstanceWithItsLiveEvents() {
    f = new ClusterFixture("a", "b");
    ClusterSession s = ClusterSession.open(f, A, null, J.obj());
    SseStream.Event[] seen = startSharedOnA(s);
    try (HttpTestClient.Streaming resumed = s.get(B).header("Last-Event-ID", seen[0].id()).open()) {
      assertThat(resumed.status()).isEqualTo(200);
      SseStream.Event replayed = resumed.events().next();
      assertThat(replayed.id()).as("the event keeps its id").isEqualTo(seen[1].id());
      assertThat(replayed.json()).isEqualTo(seen[1].json());
      f.probe.release.countDown(); // A answers now: B's client gets it through Redis
      List<JsonNode> rest = resumed.events().remainingMessages();
      assertThat(rest).hasSize(1);
      assertThat(rest.getFirst().path("id").asInt()).isEqualTo(7);
      assertThat(rest.getFirst().path("result").path("content").get(0).path("text").asString()).isEqualTo("released");
    }
    // resumed again after its last event, on B: nothing more, and the stream ends (the request completed)
    try (HttpTestClient.Streaming again = s.get(B).header("Last-Event-ID", seen[1].id()).open()) {
      assertThat(again.events().remainingMessages()).extracting(m -> m.path("id").asInt()).containsExactly(7);
    }
    assertThat(f.jedis.getFirst().keys("mcpkit:{test}:run:*")).as("the lease is given up").isEmpty();
  }

  @Test
  void aClientResumingTheStreamOfARequestWhoseInstanceDiedGetsAnError() {
    f = new ClusterFixture(Duration.ofMillis(1500), o -> { }, "a", "b");
    ClusterSession s = ClusterSession.open(f, A, null, J.obj());
    SseStream.Event[] seen = startSharedOnA(s);
    f.sessions.get(A).halt(); // kill -9 as the others see it: no more renewals, nothing released
    try (HttpTestClient.Streaming resumed = s.get(B).header("Last-Event-ID", seen[0].id()).open()) {
      assertThat(resumed.status()).isEqualTo(200);
      assertThat(resumed.events().next().id()).as("replayed first").isEqualTo(seen[1].id());
      List<JsonNode> rest = resumed.events().remainingMessages(); // bounded: fails rather than hangs
      assertThat(rest).hasSize(1);
      JsonNode error = rest.getFirst();
      assertThat(error.path("id").asInt()).isEqualTo(7);
      assertThat(error.path("error").path("code").asInt()).isEqualTo(-32603);
      assertThat(error.path("error").path("message").asString())
          .isEqualTo("Internal error: the instance that ran this request stopped before it answered; retry");
    }
    // a stream the cluster never saw is still unknown
    String number = seen[0].id().substring(0, seen[0].id().indexOf('-'));
    HttpTestClient.Reply unknown = s.get(B).header("Last-Event-ID", (Long.parseLong(number) + 1) + "-0").send();
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void anAnswerForAnInstanceThatDiedIsRefused() {
    f = new ClusterFixture(Duration.ofMillis(1500), o -> { }, "a", "b");
    ClusterSession s = ClusterSession.open(f, A, null, J.obj("elicitation", J.obj()));
    JsonNode ask;
    try (HttpTestClient.Streaming call = s.call(A, 7, "greet", J.obj("greeting", "Hello")).open()) {
      ask = call.events().nextMessage();
      assertThat(ask.path("method").asString()).isEqualTo("elicitation/create");
    }
    f.sessions.get(A).halt();
    var redis = f.jedis.getFirst();
    await().atMost(Duration.ofSeconds(10)).until(() -> !redis.exists("mcpkit:{test}:alive:a"));
    HttpTestClient.Reply answered = s.answer(B, ask.path("id"), J.obj("action", "accept", "content",
        J.obj("name", "Ada"))).send();
    assertThat(answered.status()).as(answered.body()).isEqualTo(410);
    assertThat(answered.json().path("error").path("message").asString())
        .isEqualTo("Gone: the instance that sent this request stopped, so nothing waits for this answer; the request "
            + "it belonged to failed");
  }

  /**
   * A client holding many resumptions of a running request open on B: they share B's one blocking read of Redis (a
   * blocking read each took one of the pool's 8 connections, and every other command of B waited for one), B serves
   * a new session meanwhile, and each resumption gets the request's answer.
   */
  @Test
  void manyResumptionsHeldOpenShareOneReadAndTheInstanceServesOthers() throws Exception {
    f = new ClusterFixture("a", "b");
    ClusterSession s = ClusterSession.open(f, A, null, J.obj());
    SseStream.Event[] seen = startSharedOnA(s);
    List<HttpTestClient.Streaming> held = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 12; i++) {
        HttpTestClient.Streaming resumed = s.get(B).header("Last-Event-ID", seen[0].id()).open();
        held.add(resumed);
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.events().next().id()).isEqualTo(seen[1].id());
      }
      var redis = f.jedis.getFirst();
      // a's and b's readers, nothing more: no resumption holds a connection of its own
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
          .until(() -> blockedClients(redis) <= 2);
      ClusterSession other = ClusterSession.open(f, B, null, J.obj());
      assertThat(other.call(B, 1, "greet", J.obj("greeting", "Hi")).send().status()).isEqualTo(200);
      f.probe.release.countDown();
      for (HttpTestClient.Streaming resumed : held) {
        assertThat(resumed.events().remainingMessages()).extracting(m -> m.path("id").asInt()).containsExactly(7);
      }
    } finally {
      held.forEach(HttpTestClient.Streaming::close);
    }
  }

  /** {@code Last-Event-ID: <n>--1} (a negative sequence) replays the whole stream, as on the request's instance. */
  @Test
  void aNegativeSequenceResumesFromTheStart() {
    f = new ClusterFixture("a", "b");
    ClusterSession s = ClusterSession.open(f, A, null, J.obj());
    SseStream.Event[] seen = startSharedOnA(s);
    String number = seen[0].id().substring(0, seen[0].id().indexOf('-'));
    try (HttpTestClient.Streaming resumed = s.get(B).header("Last-Event-ID", number + "--1").open()) {
      assertThat(resumed.status()).isEqualTo(200);
      assertThat(resumed.events().next().id()).isEqualTo(seen[1].id());
    }
  }

  private static long blockedClients(redis.clients.jedis.RedisClient redis) {
    return redis.info("clients").lines().filter(l -> l.startsWith("blocked_clients:"))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).sum();
  }
}
