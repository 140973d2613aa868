package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.server.Caller;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Probe;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.SseStream;
import dev.mcpkit.server.testing.TestTools;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The 2025-era session over Streamable HTTP: {@code initialize} opens a session with a random,
 * header-safe id; {@code notifications/initialized} is accepted with 202; the GET stream opens;
 * DELETE ends the session so that every later use is 404; sessions are bound to their caller and
 * never mix up requests that share a JSON-RPC id.
 */
class SessionLifecycleTest {

  private final Probe probe = new Probe();
  private HttpFixture f;

  /** Authenticates from a test header, so that sessions have owners. */
  private static final RequestGuard BY_HEADER = request -> {
    String user = request.getHeaders().get("X-Test-User");
    return RequestGuard.Decision.allow(user == null ? null : new Caller(user, "client", Set.of(), Map.of()));
  };

  @BeforeEach
  void start() {
    f = HttpFixture.start(TestTools.server().tool(TestTools.blocking("block", probe)).build(), b -> b.guard(BY_HEADER));
  }

  @AfterEach
  void stop() {
    probe.release.countDown();
    f.close();
  }

  @Test
  void initializeOpensASessionAndNegotiatesTheVersion() {
    Reply r = f.client.post().body(Rpc.request(1, "initialize", J.obj("protocolVersion", "2025-06-18",
        "capabilities", J.obj(), "clientInfo", J.obj("name", "c", "version", "1")))).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.result().path("protocolVersion").asString()).isEqualTo("2025-06-18");
    assertThat(r.result().path("serverInfo").path("name").asString()).isEqualTo("test");
    assertThat(r.result().has("resultType")).as("2025 results carry no resultType").isFalse();
    assertThat(r.headers().firstValue("Mcp-Session-Id")).isPresent();

    Reply unknown = f.client.post().body(Rpc.request(1, "initialize", J.obj("protocolVersion", "2024-01-01",
        "capabilities", J.obj()))).send();
    assertThat(unknown.result().path("protocolVersion").asString()).isEqualTo("2025-11-25");
    assertThat(f.http.sessionCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("SEC-CTX-03 session ids are 256 random bits in visible ASCII, never repeated")
  void sessionIdsAreRandomAndHeaderSafe() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      String id = f.client.initialize("2025-11-25").id();
      assertThat(id).matches("[\\x21-\\x7E]+");
      assertThat(Base64.getUrlDecoder().decode(id)).hasSize(32);
      ids.add(id);
    }
    assertThat(ids).hasSize(50);
  }

  @Test
  void aFailedInitializeOpensNoSession() {
    Reply r = f.client.post().body(Rpc.request(1, "initialize", J.obj("capabilities", J.obj()))).send();
    assertThat(r.error().path("code").asInt()).isEqualTo(-32602);
    assertThat(r.error().path("message").asString()).contains("protocolVersion");
    assertThat(r.headers().firstValue("Mcp-Session-Id")).isEmpty();
    assertThat(f.http.sessionCount()).isZero();
  }

  @Test
  void initializedIsAcceptedAndASecondInitializeIsRefused() {
    Session s = f.client.initialize("2025-11-25"); // asserts 202 for notifications/initialized
    Reply again = s.post(5, "initialize", J.obj("protocolVersion", "2025-11-25", "capabilities", J.obj())).send();
    assertThat(again.error().path("code").asInt()).isEqualTo(-32600);
    assertThat(again.error().path("message").asString()).contains("already initialized");
    assertThat(s.post(6, "ping", null).send().result().isEmpty()).isTrue();
  }

  @Test
  void theGetStreamOpensPrimedAndDeleteEndsEverything() {
    Session s = f.client.initialize("2025-11-25");
    try (HttpTestClient.Streaming get = s.get().open()) {
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      SseStream.Event prime = get.events().next();
      assertThat(prime.id()).isEqualTo("0-0");
      assertThat(prime.data()).isEmpty();
      assertThat(prime.retry()).isEqualTo(2000);

      Reply deleted = s.delete().send();
      assertThat(deleted.status()).isEqualTo(200);
      assertThat(get.events().remainingMessages()).as("the GET stream ends with the session").isEmpty();
    }
    assertThat(s.post(7, "tools/list", null).send().status()).isEqualTo(404);
    assertThat(s.get().send().status()).isEqualTo(404);
    assertThat(s.delete().send().status()).isEqualTo(404);
    assertThat(f.http.sessionCount()).isZero();
  }

  @Test
  void deleteCancelsWorkInFlight() {
    Session s = f.client.initialize("2025-11-25");
    CompletableFuture<Reply> call = CompletableFuture.supplyAsync(() -> s.call(1, "block", null).send());
    probe.awaitEntered();
    assertThat(s.delete().send().status()).isEqualTo(200);
    probe.awaitInterrupted();
    Reply r = call.join();
    assertThat(r.body()).doesNotContain("\"result\"");
  }

  @Test
  @DisplayName("SEC-CTX-01 a session opened by one caller is refused to another")
  void sessionsAreBoundToTheirCaller() {
    Reply init = f.client.post().header("X-Test-User", "alice").body(Rpc.request(1, "initialize",
        J.obj("protocolVersion", "2025-11-25", "capabilities", J.obj()))).send();
    String id = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    Reply bob = f.client.post().header("X-Test-User", "bob").header("Mcp-Session-Id", id)
        .body(Rpc.request(2, "tools/list", null)).send();
    assertThat(bob.status()).isEqualTo(403);
    assertThat(bob.error().path("message").asString()).contains("another caller");
    assertThat(f.client.post().header("Mcp-Session-Id", id).body(Rpc.request(3, "tools/list", null)).send().status())
        .as("anonymous").isEqualTo(403);
    assertThat(f.client.get().header("X-Test-User", "bob").header("Mcp-Session-Id", id).send().status()).isEqualTo(403);
    assertThat(f.client.delete().header("X-Test-User", "bob").header("Mcp-Session-Id", id).send().status())
        .isEqualTo(403);
    Reply alice = f.client.post().header("X-Test-User", "alice").header("Mcp-Session-Id", id)
        .body(Rpc.request(4, "tools/list", null)).send();
    assertThat(alice.status()).isEqualTo(200);
  }

  @Test
  @DisplayName("SEC-CTX-09 two sessions using the same JSON-RPC id each get their own answer")
  void identicalIdsInTwoSessionsDoNotMix() {
    Session a = f.client.initialize("2025-11-25");
    Session b = f.client.initialize("2025-11-25");
    CompletableFuture<Reply> slow = CompletableFuture.supplyAsync(() -> a.call(1, "block", null).send());
    probe.awaitEntered();
    Reply fast = b.call(1, "echo", J.obj("message", "from b")).send();
    assertThat(fast.result().path("content").get(0).path("text").asString()).isEqualTo("from b");
    // cancelling id 1 in session b must not touch session a's request 1
    assertThat(b.notify("notifications/cancelled", J.obj("requestId", 1)).send().status()).isEqualTo(202);
    probe.release.countDown();
    Reply released = slow.join();
    assertThat(released.result().path("content").get(0).path("text").asString()).isEqualTo("released");
    assertThat(probe.interrupted.getCount()).isEqualTo(1);
  }
}
