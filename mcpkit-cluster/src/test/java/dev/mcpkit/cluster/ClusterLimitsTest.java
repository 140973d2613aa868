package dev.mcpkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.cluster.internal.RedisCounts;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.store.RedisServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * The per-client stream and session limits hold across the instances of a cluster (one count per client in Redis,
 * held by per-instance leases), and the share of an instance that died is released when its lease lapses.
 */
class ClusterLimitsTest {

  private RedisServer redis;
  private Node a;
  private Node b;

  @BeforeEach
  void start() {
    redis = RedisServer.throwaway();
    a = Node.start(redis.uri(), "a", o -> o.maxStreamsPerClient(2).maxSessionsPerClient(1));
    b = Node.start(redis.uri(), "b", o -> o.maxStreamsPerClient(2).maxSessionsPerClient(1));
  }

  @AfterEach
  void stop() {
    b.close();
    a.close();
    redis.close();
  }

  private static HttpTestClient.Req listen(Node node, Object id, String user) {
    return node.client.modern(id, "subscriptions/listen", J.obj("notifications", J.obj("toolsListChanged", true)))
        .header("X-Test-User", user);
  }

  /** Sends a request expected to be refused, bounded: one wrongly granted opens a stream that never ends. */
  private static HttpTestClient.Reply refused(HttpTestClient.Req r) {
    try {
      return CompletableFuture.supplyAsync(r::send).get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("granted: the request opened a stream");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void assertTooMany(HttpTestClient.Reply r, String what) {
    assertThat(r.status()).as(r.body()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(r.json().path("error").path("message").asString()).contains("Too many " + what + " for this client");
  }

  private static HttpTestClient.Streaming opened(HttpTestClient.Req r) {
    HttpTestClient.Streaming s = r.open();
    if (s.status() != 200) {
      throw new AssertionError("not opened: " + s.status() + " " + s.events().remainingMessages());
    }
    assertThat(s.events().nextMessage().path("method").asString())
        .isEqualTo("notifications/subscriptions/acknowledged");
    return s;
  }

  @Test
  void theStreamCapOfOnePrincipalHoldsAcrossInstances() {
    HttpTestClient.Streaming onA = opened(listen(a, 1, "alice"));
    HttpTestClient.Streaming onB = opened(listen(b, 2, "alice"));
    assertTooMany(refused(listen(a, 3, "alice")), "open streams");
    assertTooMany(refused(listen(b, 4, "alice")), "open streams");
    try (HttpTestClient.Streaming bob = opened(listen(b, 5, "bob"))) {
      assertThat(bob.status()).as("another principal has its own share").isEqualTo(200);
    }

    onB.close(); // closing a stream on B frees a slot that A can grant
    await().atMost(Duration.ofSeconds(20)).until(() -> b.http.streamCount() <= 1);
    HttpTestClient.Streaming again = opened(listen(a, 6, "alice"));
    again.close();
    onA.close();
  }

  @Test
  void theSessionCapOfOnePrincipalHoldsAcrossInstances() {
    HttpTestClient.Reply first = a.client.post().header("X-Test-User", "alice").body(J.obj("jsonrpc", "2.0", "id", 1,
        "method", "initialize", "params", J.obj("protocolVersion", "2025-11-25", "capabilities", J.obj(),
            "clientInfo", J.obj("name", "t", "version", "1")))).send();
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    HttpTestClient.Reply second = b.client.post().header("X-Test-User", "alice").body(J.obj("jsonrpc", "2.0", "id", 2,
        "method", "initialize", "params", J.obj("protocolVersion", "2025-11-25", "capabilities", J.obj(),
            "clientInfo", J.obj("name", "t", "version", "1")))).send();
    assertTooMany(second, "live sessions");
  }

  @Test
  void aSessionCountedOnAAndDeletedOnBIsReleasedOnA() {
    HttpTestClient.Req init = a.client.post().header("X-Test-User", "alice").body(J.obj("jsonrpc", "2.0", "id", 1,
        "method", "initialize", "params", J.obj("protocolVersion", "2025-11-25", "capabilities", J.obj(),
            "clientInfo", J.obj("name", "t", "version", "1"))));
    HttpTestClient.Reply first = init.send();
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    String id = first.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpTestClient.Reply deleted = b.client.delete().header("X-Test-User", "alice").header("Mcp-Session-Id", id)
        .header("MCP-Protocol-Version", "2025-11-25").send();
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    // the end reaches A through the control stream: A drops its copy and gives the count back
    await().atMost(Duration.ofSeconds(10)).until(() -> a.http.sessionCount() == 0);
    HttpTestClient.Reply again = b.client.post().header("X-Test-User", "alice").body(J.obj("jsonrpc", "2.0", "id", 2,
        "method", "initialize", "params", J.obj("protocolVersion", "2025-11-25", "capabilities", J.obj(),
            "clientInfo", J.obj("name", "t", "version", "1")))).send();
    assertThat(again.status()).as("alice's one session is free again: %s", again.body()).isEqualTo(200);
  }

  @Test
  void theShareOfAnInstanceWhoseLeaseLapsedIsReleased() throws Exception {
    // A third instance ("ghost") that holds two of alice's streams and renews its lease, until it is killed (-9):
    // then no heartbeat, no release, nothing but its lease lapsing. A short lease here so the test does not wait.
    ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    try (RedisClient ghostRedis = RedisClient.create(redis.uri())) {
      RedisCounts ghost = new RedisCounts(ghostRedis, "mcpkit:cluster:", "ghost", Duration.ofSeconds(5));
      ghost.heartbeat();
      beats.scheduleWithFixedDelay(ghost::heartbeat, 200, 200, TimeUnit.MILLISECONDS);
      String alice = "principal:5:alice:app"; // the key the server counts alice under (Limits.clientKey)
      assertThat(ghost.tryAcquire("streams", alice, 2)).isTrue();
      assertThat(ghost.tryAcquire("streams", alice, 2)).isTrue();
      assertTooMany(refused(listen(a, 1, "alice")), "open streams");
      assertTooMany(refused(listen(b, 2, "alice")), "open streams");

      beats.shutdownNow(); // the kill
      assertThat(beats.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      // the ghost's lease lapses: its share no longer counts, on any instance
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
        HttpTestClient.Streaming s = listen(b, 3, "alice").open();
        s.close();
        return s.status() == 200;
      });
      await().atMost(Duration.ofSeconds(20)).until(() -> b.http.streamCount() == 0);
      try (HttpTestClient.Streaming s1 = opened(listen(a, 4, "alice"));
           HttpTestClient.Streaming s2 = opened(listen(b, 5, "alice"))) {
        assertTooMany(refused(listen(a, 6, "alice")), "open streams");
      }
    } finally {
      beats.shutdownNow();
    }
  }
}
