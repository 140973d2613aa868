package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Probe;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.TestTools;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Resource limits of the HTTP transport: open streams per client are capped (429), idle 2025
 * sessions are evicted (but not while they have a stream open), and a graceful shutdown lets a
 * call in flight finish and answers it while refusing new connections.
 */
class LimitsTest {

  @Test
  @DisplayName("SEC-RES-03 the stream after the per-client maximum gets 429; closing one frees a slot")
  void streamsPerClientAreCapped() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build(),
        b -> b.options(HttpFixture.options(o -> o.maxStreamsPerClient(2))))) {
      Session s = f.client.initialize("2025-11-25");
      HttpTestClient.Streaming one = s.get().open();
      HttpTestClient.Streaming two = s.get().open();
      assertThat(one.status()).isEqualTo(200);
      assertThat(two.status()).isEqualTo(200);
      assertThat(f.http.streamCount()).isEqualTo(2);

      Reply third = s.get().send();
      assertThat(third.status()).isEqualTo(429);
      assertThat(third.json().path("error").path("message").asString()).contains("Too many open streams", "limit 2");

      assertThat(third.headers().firstValue("Retry-After")).isPresent();

      // another session of the same client (here: the same address) shares the limit
      Session other = f.client.initialize("2025-11-25");
      assertThat(other.get().send().status()).isEqualTo(429);

      one.close();
      await().atMost(Duration.ofSeconds(20)).until(() -> f.http.streamCount() == 1);
      HttpTestClient.Streaming again = other.get().open();
      assertThat(again.status()).isEqualTo(200);
      again.close();
      two.close();
    }
  }

  private static HttpTestClient.Streaming listen(HttpFixture f, int id, String user) {
    HttpTestClient.Req r = f.client.modern(id, "subscriptions/listen", J.obj("notifications",
        J.obj("toolsListChanged", true)));
    if (user != null) {
      r.header("X-Test-User", user);
    }
    return r.open();
  }

  @Test
  @DisplayName("SEC-RES-03 SEC-RES-18 subscriptions/listen streams count against the per-client limit")
  void listenStreamsAreCapped() {
    RequestGuard byHeader = request -> {
      String user = request.getHeaders().get("X-Test-User");
      return RequestGuard.Decision.allow(user == null ? null
          : new dev.mcpkit.server.Caller(user, "app", java.util.Set.of(), java.util.Map.of()));
    };
    try (HttpFixture f = HttpFixture.start(TestTools.server().build(),
        b -> b.guard(byHeader).options(HttpFixture.options(o -> o.maxStreamsPerClient(2))))) {
      HttpTestClient.Streaming one = listen(f, 1, "alice");
      HttpTestClient.Streaming two = listen(f, 2, "alice");
      one.events().nextMessage();
      two.events().nextMessage();
      assertThat(f.http.streamCount()).isEqualTo(2);

      Reply third = f.client.modern(3, "subscriptions/listen", J.obj("notifications", J.obj("toolsListChanged", true)))
          .header("X-Test-User", "alice").send();
      assertThat(third.status()).isEqualTo(429);
      assertThat(third.json().path("id").asInt()).isEqualTo(3);
      assertThat(third.json().path("error").path("message").asString()).contains("Too many open streams", "limit 2");

      HttpTestClient.Streaming bob = listen(f, 4, "bob");
      assertThat(bob.events().nextMessage().path("method").asString())
          .as("another principal has its own limit").isEqualTo("notifications/subscriptions/acknowledged");

      one.close();
      await().atMost(Duration.ofSeconds(20)).until(() -> f.http.streamCount() == 2);
      HttpTestClient.Streaming again = listen(f, 5, "alice");
      assertThat(again.events().nextMessage().path("method").asString())
          .isEqualTo("notifications/subscriptions/acknowledged");
      again.close();
      two.close();
      bob.close();
    }
  }

  @Test
  void listenStreamsGetKeepAlives() throws Exception {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build(),
        b -> b.options(HttpFixture.options(o -> o.heartbeat(Duration.ofMillis(50)))));
         dev.mcpkit.server.testing.RawHttp raw = dev.mcpkit.server.testing.RawHttp.connect(f.port())) {
      java.util.Map<String, String> h = new java.util.LinkedHashMap<>();
      h.put("MCP-Protocol-Version", HttpTestClient.MODERN);
      h.put("Mcp-Method", "subscriptions/listen");
      raw.postJson("/mcp", h, dev.mcpkit.core.json.Json.write(dev.mcpkit.server.testing.Rpc.request(1,
          "subscriptions/listen", J.obj("notifications", J.obj("toolsListChanged", true),
              "_meta", HttpTestClient.meta(J.obj())))));
      var head = raw.readHead();
      var body = new java.io.BufferedReader(new java.io.InputStreamReader(raw.body(head),
          java.nio.charset.StandardCharsets.UTF_8));
      assertThat(body.readLine()).startsWith("event: message");
      String line;
      while ((line = body.readLine()) != null && !line.startsWith(":")) {
        // the acknowledgement's remaining lines
      }
      assertThat(line).as("a keep-alive comment").isEqualTo(":");
    }
  }

  @Test
  @DisplayName("SEC-RES-03 legacy SSE streams are capped per remote address")
  void legacyStreamsAreCapped() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build(),
        b -> b.options(HttpFixture.options(o -> o.maxStreamsPerClient(1))))) {
      HttpTestClient.Streaming one = f.client.request("GET", "/sse").header("Accept", "text/event-stream").open();
      assertThat(one.status()).isEqualTo(200);
      Reply second = f.client.request("GET", "/sse").header("Accept", "text/event-stream").send();
      assertThat(second.status()).isEqualTo(429);
      one.close();
    }
  }

  @Test
  @DisplayName("SEC-RES-07 SEC-CTX-04 idle sessions are evicted; a session with an open stream is not")
  void idleSessionsAreEvicted() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build(), b -> b.options(HttpFixture.options(
        o -> o.sessionIdleTimeout(Duration.ofSeconds(1)).heartbeat(Duration.ofMillis(50)))))) {
      Session idle = f.client.initialize("2025-11-25");
      Session streaming = f.client.initialize("2025-11-25");
      HttpTestClient.Streaming get = streaming.get().open();
      get.events().next(); // the stream is live

      await().atMost(Duration.ofSeconds(20)).until(() -> f.http.sessionCount() == 1);
      assertThat(idle.post(1, "tools/list", null).send().status()).as("evicted").isEqualTo(404);
      assertThat(streaming.post(2, "tools/list", null).send().status()).as("kept: it has a stream").isEqualTo(200);

      get.close();
      await().atMost(Duration.ofSeconds(20)).until(() -> f.http.sessionCount() == 0);
      assertThat(streaming.post(3, "tools/list", null).send().status()).isEqualTo(404);
    }
  }

  private static boolean refusesConnections(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void gracefulShutdownAnswersTheCallInFlight() throws Exception {
    Probe modern = new Probe();
    Probe legacy = new Probe();
    HttpFixture f = HttpFixture.start(TestTools.server().tool(TestTools.blocking("modern", modern))
        .tool(TestTools.blocking("legacy", legacy)).build(),
        // A port below the ephemeral range: once closed, no bind(0) elsewhere can take it while we wait for refusals.
        b -> b.port(LoopbackPorts.free()).options(HttpFixture.options(o -> o.shutdownGrace(Duration.ofSeconds(30)))));
    int port = f.port();
    Session s = f.client.initialize("2025-11-25");
    CompletableFuture<Reply> modernCall = CompletableFuture.supplyAsync(() -> f.client.call(1, "modern", J.obj()).send());
    CompletableFuture<Reply> legacyCall = CompletableFuture.supplyAsync(() -> s.call(2, "legacy", null).send());
    modern.awaitEntered();
    legacy.awaitEntered();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(f.http::close);
    await().atMost(Duration.ofSeconds(20)).until(() -> refusesConnections(port));
    assertThat(closing).isNotDone();

    modern.release.countDown();
    legacy.release.countDown();
    Reply m = modernCall.get();
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.result().path("content").get(0).path("text").asString()).isEqualTo("released");
    Reply l = legacyCall.get();
    assertThat(l.result().path("content").get(0).path("text").asString()).isEqualTo("released");
    closing.get();
    assertThat(modern.interrupted.getCount()).isEqualTo(1);
    f.client.close();
  }
}
