package dev.mcpkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.store.RedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * While Redis is down, requests that need it (a listen stream or a session to count) get 503 with a clear JSON-RPC
 * error, stateless calls that need nothing shared are served, and {@code /readyz} names Redis; when the same Redis
 * comes back on the same port, everything resumes by itself: counts, readiness and the fan-out of changes.
 */
class RedisOutageTest {

  private static HttpTestClient.Req listen(Node node, Object id) {
    return node.client.modern(id, "subscriptions/listen", J.obj("notifications", J.obj("toolsListChanged", true)));
  }

  private static HttpTestClient.Req greet(Node node, Object id, ObjectNode extra) {
    ObjectNode params = J.obj("name", "greet", "arguments", J.obj("greeting", "Hi"),
        "_meta", HttpTestClient.meta(J.obj("elicitation", J.obj())));
    if (extra != null) {
      params.setAll(extra);
    }
    return node.client.modern(id, "tools/call", params);
  }

  private static int ready(Node node) {
    return node.client.request("GET", "/readyz").send().status();
  }

  @Test
  void requestsThatNeedRedisGet503StatelessCallsAreServedAndEverythingRecovers() {
    try (RedisServer redis = RedisServer.throwaway();
         Node a = Node.start(redis.uri(), "a");
         Node b = Node.start(redis.uri(), "b")) {
      assertThat(ready(a)).isEqualTo(200);
      HttpTestClient.Streaming before = listen(a, 0).open(); // open through the outage
      assertThat(before.status()).isEqualTo(200);
      assertThat(before.events().nextMessage().path("method").asString())
          .isEqualTo("notifications/subscriptions/acknowledged");
      redis.stop();

      HttpTestClient.Reply refused = listen(a, 1).send();
      assertThat(refused.status()).as(refused.body()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(refused.json().path("id").asInt()).isEqualTo(1);
      assertThat(refused.json().path("error").path("code").asInt()).isEqualTo(-32603);
      assertThat(refused.json().path("error").path("message").asString())
          .isEqualTo("Service unavailable: the cluster's shared store does not answer, so open streams cannot be "
              + "counted; retry later");
      assertThat(refused.body()).doesNotContain("Exception", "redis.clients", "\tat ");

      HttpTestClient.Reply init = a.client.post().body(J.obj("jsonrpc", "2.0", "id", 2, "method", "initialize",
          "params", J.obj("protocolVersion", "2025-11-25", "capabilities", J.obj(),
              "clientInfo", J.obj("name", "t", "version", "1")))).send();
      assertThat(init.status()).as(init.body()).isEqualTo(503);
      assertThat(init.json().path("error").path("message").asString()).contains("live sessions cannot be counted");

      // a stateless 2026 call needs nothing shared: served
      HttpTestClient.Reply echo = a.client.call(3, "echo", J.obj("message", "still here")).send();
      assertThat(echo.status()).isEqualTo(200);
      assertThat(echo.result().path("content").get(0).path("text").asString()).isEqualTo("still here");
      // a call that changes the tool list is served too; its change waits on B until Redis is back
      assertThat(b.client.call(30, "add-tool", J.obj()).send().status()).isEqualTo(200);

      // so is a multi round-trip, across instances: the requestState key is held in memory
      JsonNode asked = greet(a, 31, null).send().result();
      assertThat(asked.path("resultType").asString()).isEqualTo("input_required");
      HttpTestClient.Reply answered = greet(b, 32, J.obj("inputResponses", J.obj("elicit-1", J.obj("action", "accept",
          "content", J.obj("name", "Ada"))), "requestState", asked.path("requestState").asString())).send();
      assertThat(answered.result().path("content").get(0).path("text").asString()).isEqualTo("Hi, Ada");

      HttpTestClient.Reply notReady = a.client.request("GET", "/readyz").send();
      assertThat(notReady.status()).isEqualTo(503);
      assertThat(notReady.json().path("unavailable")).isEqualTo(J.arr("redis"));

      redis.start(); // the same port: the pools and threads reconnect by themselves
      await().atMost(Duration.ofSeconds(30)).until(() -> ready(a) == 200 && ready(b) == 200);
      JsonNode late = before.events().nextMessage();
      assertThat(late.path("method").asString()).as("the change made during the outage")
          .isEqualTo("notifications/tools/list_changed");
      before.close();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
        HttpTestClient.Streaming s = listen(a, 4).open();
        s.close();
        return s.status() == 200;
      });
      // the fan-out resumed: a change made on B reaches a listen stream on A
      try (HttpTestClient.Streaming onA = listen(a, 5).open()) {
        assertThat(onA.status()).isEqualTo(200);
        assertThat(onA.events().nextMessage().path("method").asString())
            .isEqualTo("notifications/subscriptions/acknowledged");
        assertThat(b.client.call(6, "add-tool", J.obj()).send().status()).isEqualTo(200);
        JsonNode n = onA.events().nextMessage();
        assertThat(n.path("method").asString()).isEqualTo("notifications/tools/list_changed");
      }
    }
  }

  /** A 2025-11-25 session's tools/call on {@code node}. */
  private static HttpTestClient.Reply sessionCall(Node node, String session, Object id) {
    return node.client.post().header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25")
        .body(J.obj("jsonrpc", "2.0", "id", id, "method", "tools/call", "params",
            J.obj("name", "echo", "arguments", J.obj("message", "m" + id)))).send();
  }

  @Test
  void a2025RequestGets503WhileRedisIsDownAndNoneFailsAfterItsRestart(@TempDir Path dir) {
    try (RedisServer redis = RedisServer.persistent(dir); // AOF: the session outlives the restarts
         Node a = Node.start(redis.uri(), "a");
         Node b = Node.start(redis.uri(), "b")) {
      HttpTestClient.Reply init = a.client.post().body(J.obj("jsonrpc", "2.0", "id", 1, "method", "initialize",
          "params", J.obj("protocolVersion", "2025-11-25", "capabilities", J.obj(),
              "clientInfo", J.obj("name", "t", "version", "1")))).send();
      assertThat(init.status()).as(init.body()).isEqualTo(200);
      String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
      // concurrent requests: B's pool keeps several connections
      List<CompletableFuture<HttpTestClient.Reply>> warm = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int id = 100 + i;
        warm.add(CompletableFuture.supplyAsync(() -> sessionCall(b, session, id)));
      }
      warm.forEach(w -> assertThat(w.join().status()).isEqualTo(200));

      // a restart with no request in between: B's pooled connections are all broken
      redis.stop();
      redis.start();
      for (int i = 0; i < 8; i++) {
        HttpTestClient.Reply after = sessionCall(b, session, 200 + i);
        assertThat(after.status()).as("request %d after the restart: %s", i, after.body()).isEqualTo(200);
      }

      redis.stop();
      for (HttpTestClient.Reply down : new HttpTestClient.Reply[] {sessionCall(b, session, 4),
          b.client.get().header("Mcp-Session-Id", session).send()}) {
        assertThat(down.status()).as(down.body()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
        assertThat(down.json().path("error").path("code").asInt()).isEqualTo(-32603);
        assertThat(down.json().path("error").path("message").asString()).isEqualTo("Service unavailable: the "
            + "cluster's shared store does not answer, so this session cannot be looked up; retry later");
        assertThat(down.body()).doesNotContain("Exception", "redis.clients", "\tat ");
      }
      redis.start(); // recovers by itself: the next request is served
      HttpTestClient.Reply back = sessionCall(b, session, 5);
      assertThat(back.status()).as(back.body()).isEqualTo(200);
      assertThat(back.json().path("result").path("content").get(0).path("text").asString()).isEqualTo("m5");
    }
  }
}
