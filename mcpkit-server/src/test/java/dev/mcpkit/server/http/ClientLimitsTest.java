package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.server.Caller;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Probe;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.TestTools;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Limits per client (principal, or remote address when anonymous) across all its sessions and all
 * stream kinds, and in total: 429 for a client over its share, 503 for a full server, each with
 * {@code Retry-After} and a JSON-RPC error; idle streams expire.
 */
class ClientLimitsTest {

  /** Names the caller after the X-Test-User header (anonymous without it). */
  private static final RequestGuard BY_HEADER = request -> {
    String user = request.getHeaders().get("X-Test-User");
    return RequestGuard.Decision.allow(user == null ? null : new Caller(user, "app", Set.of(), Map.of()));
  };

  private static HttpFixture start(UnaryOperator<HttpOptions.Builder> limits, Probe probe) {
    return HttpFixture.start(TestTools.server().tool(TestTools.progressThenBlock(probe)).build(),
        b -> b.guard(BY_HEADER).options(HttpFixture.options(limits)));
  }

  private static void initialize(HttpFixture f, String user) {
    HttpTestClient.Req r = f.client.post().body(Rpc.request(0, "initialize", J.obj("protocolVersion", "2025-11-25",
        "capabilities", J.obj(), "clientInfo", J.obj("name", "t", "version", "1"))));
    Reply reply = r.header("X-Test-User", user).send();
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  private static Reply initializeReply(HttpFixture f, String user) {
    HttpTestClient.Req r = f.client.post().body(Rpc.request(7, "initialize", J.obj("protocolVersion", "2025-11-25",
        "capabilities", J.obj(), "clientInfo", J.obj("name", "t", "version", "1"))));
    return (user == null ? r : r.header("X-Test-User", user)).send();
  }

  /** A 2026 call of progress-then-block with a progress token: its answer becomes a stream. */
  private static HttpTestClient.Req streamingCall(HttpFixture f, int id) {
    tools.jackson.databind.node.ObjectNode meta = HttpTestClient.meta(J.obj());
    meta.put("progressToken", "p" + id);
    return f.client.call(id, "progress-then-block", J.obj()).edit(b -> ((tools.jackson.databind.node.ObjectNode)
        b.get("params")).set("_meta", meta));
  }

  /**
   * Sends a request expected to be refused, bounded: one that is wrongly granted opens a stream
   * that never ends, and must fail the test rather than hang it.
   */
  private static Reply refused(HttpTestClient.Req r) {
    try {
      return CompletableFuture.supplyAsync(r::send).get(20, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("granted: the request opened a stream");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void assertRefused(Reply r, int status, String fragment) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
    assertThat(r.json().path("error").path("code").asInt()).isEqualTo(-32600);
    assertThat(r.json().path("error").path("message").asString()).contains(fragment);
  }

  @Test
  @DisplayName("SEC-RES-03 live sessions are capped per principal (429) and in total (503)")
  void sessionsAreCappedPerClientAndInTotal() {
    try (HttpFixture f = start(o -> o.maxSessionsPerClient(2).maxSessions(3), new Probe())) {
      initialize(f, "alice");
      initialize(f, "alice");
      Reply third = initializeReply(f, "alice");
      assertRefused(third, 429, "Too many live sessions for this client (limit 2)");
      assertThat(third.json().path("id").asInt()).isEqualTo(7);

      initialize(f, "bob");
      assertRefused(initializeReply(f, "carol"), 503, "too many live sessions in total (limit 3)");
      assertThat(f.http.sessionCount()).isEqualTo(3);
    }
  }

  @Test
  @DisplayName("SEC-RES-03 a session that ends frees its slot; a legacy /sse session counts too")
  void endedSessionsFreeTheirSlot() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build(),
        b -> b.options(HttpFixture.options(o -> o.maxSessionsPerClient(2))))) {
      Session one = f.client.initialize("2025-11-25");
      HttpTestClient.Streaming legacy = f.client.request("GET", "/sse").header("Accept", "text/event-stream").open();
      assertThat(legacy.status()).isEqualTo(200);
      assertRefused(refused(f.client.request("GET", "/sse").header("Accept", "text/event-stream")), 429,
          "Too many live sessions");
      assertRefused(initializeReply(f, null), 429, "Too many live sessions");
      assertThat(one.delete().send().status()).isEqualTo(200);
      assertThat(initializeReply(f, null).status()).isEqualTo(200);
      legacy.close();
    }
  }

  @Test
  @DisplayName("SEC-RES-03 one stream limit across sessions and stream kinds: GET, legacy /sse, listen, POST SSE")
  void streamsAreCappedAcrossKinds() throws Exception {
    Probe probe = new Probe();
    try (HttpFixture f = start(o -> o.maxStreamsPerClient(3), probe)) {
      HttpTestClient.Streaming get = f.client.initialize("2025-11-25").get().open();
      HttpTestClient.Streaming legacy = f.client.request("GET", "/sse").header("Accept", "text/event-stream").open();
      // A POST answered as a stream (a progress report before the result) takes the third slot.
      CompletableFuture<HttpTestClient.Streaming> streamingCall =
          CompletableFuture.supplyAsync(() -> streamingCall(f, 5).open());
      probe.awaitEntered();
      await().atMost(Duration.ofSeconds(20)).until(() -> f.http.streamCount() == 3);

      Reply listen = refused(f.client.modern(6, "subscriptions/listen", J.obj("notifications",
          J.obj("toolsListChanged", true))));
      assertRefused(listen, 429, "Too many open streams for this client (limit 3)");
      assertThat(listen.json().path("id").asInt()).isEqualTo(6);
      assertRefused(refused(f.client.initialize("2025-11-25").get()), 429, "Too many open streams");
      // Another principal has its own share.
      HttpTestClient.Streaming bob = f.client.request("GET", "/sse").header("Accept", "text/event-stream")
          .header("X-Test-User", "bob").open();
      assertThat(bob.status()).isEqualTo(200);

      probe.release.countDown();
      streamingCall.get().close();
      await().atMost(Duration.ofSeconds(20)).until(() -> f.http.streamCount() == 3);
      HttpTestClient.Streaming again = f.client.request("GET", "/sse").header("Accept", "text/event-stream").open();
      assertThat(again.status()).isEqualTo(200);
      again.close();
      bob.close();
      legacy.close();
      get.close();
    }
  }

  @Test
  @DisplayName("SEC-RES-03 a POST whose answer would be one stream too many is refused with its id")
  void aPostThatWouldStreamIsRefusedOverTheLimit() {
    Probe probe = new Probe();
    try (HttpFixture f = start(o -> o.maxStreamsPerClient(1), probe)) {
      HttpTestClient.Streaming legacy = f.client.request("GET", "/sse").header("Accept", "text/event-stream").open();
      assertThat(legacy.status()).isEqualTo(200);
      probe.release.countDown();
      Reply r = streamingCall(f, 8).send();
      assertRefused(r, 429, "Too many open streams");
      assertThat(r.json().path("id").asInt()).isEqualTo(8);
      legacy.close();
    }
  }

  @Test
  @DisplayName("SEC-RES-03 the server-wide stream limit answers 503")
  void streamsAreCappedInTotal() {
    try (HttpFixture f = start(o -> o.maxStreams(1), new Probe())) {
      HttpTestClient.Streaming a = f.client.request("GET", "/sse").header("Accept", "text/event-stream")
          .header("X-Test-User", "alice").open();
      assertThat(a.status()).isEqualTo(200);
      Reply b = refused(f.client.modern(1, "subscriptions/listen", J.obj("notifications",
          J.obj("toolsListChanged", true))).header("X-Test-User", "bob"));
      assertRefused(b, 503, "too many open streams in total (limit 1)");
      a.close();
    }
  }

  @Test
  @DisplayName("SEC-RES-07 a stream that carries nothing but keep-alives ends after the stream idle timeout")
  void idleStreamsExpire() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build(), b -> b.options(HttpFixture.options(o -> o
        .heartbeat(Duration.ofMillis(50)).streamIdleTimeout(Duration.ofMillis(500)))))) {
      HttpTestClient.Streaming get = f.client.initialize("2025-11-25").get().open();
      HttpTestClient.Streaming legacy = f.client.request("GET", "/sse").header("Accept", "text/event-stream").open();
      assertThat(f.http.streamCount()).isEqualTo(2);
      await().atMost(Duration.ofSeconds(20)).until(() -> f.http.streamCount() == 0);
      get.close();
      legacy.close();
    }
  }
}
