package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.SseStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every HTTP path that carries a JSON-RPC request hands the guard the scopes that request needs ({@link
 * McpServer#requiredScopes(JsonRpcRequest)}) before anything runs: 2026-07-28 requests, 2025 sessions, JSON-RPC
 * batches (as a whole) and legacy HTTP+SSE messages. A refusal is sent as the guard built it, and the handler
 * never runs. The guard here is a stand-in that reads granted scopes from a test header; mcpkit-auth's
 * resource-server guard is tested against real tokens in its own module.
 */
class RequiredScopesHttpTest {

  private final AtomicInteger deletes = new AtomicInteger();
  private final AtomicInteger reads = new AtomicInteger();
  private final List<Set<String>> asked = new CopyOnWriteArrayList<>();
  private HttpFixture f;

  /** Grants the scopes listed in X-Test-Scopes; refuses with a challenge naming every scope the request needs. */
  private final RequestGuard byHeader = new RequestGuard() {
    @Override
    public Decision authenticate(org.eclipse.jetty.server.Request request) {
      String granted = request.getHeaders().get("X-Test-Scopes");
      return Decision.allow(new Caller("user", "app", granted == null ? Set.of()
          : new HashSet<>(Arrays.asList(granted.split(" "))), Map.of()));
    }

    @Override
    public Decision authorize(Caller caller, JsonRpcRequest request, Set<String> requiredScopes) {
      asked.add(requiredScopes);
      if (caller.scopes().containsAll(requiredScopes)) {
        return Decision.allow(caller);
      }
      return Decision.deny(403, Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\""
          + String.join(" ", requiredScopes) + "\""), "Forbidden");
    }
  };

  private McpServer server() {
    return McpServer.builder().name("scoped").requireScopes("mcp:read")
        .tool(ServerTool.builder("read").handler(c -> {
          reads.incrementAndGet();
          return ToolResults.text("read");
        }).build())
        .tool(ServerTool.builder("delete").requiredScopes("mcp:write").handler(c -> {
          deletes.incrementAndGet();
          return ToolResults.text("deleted");
        }).build())
        .build();
  }

  private HttpTestClient client(String scopes) {
    f = HttpFixture.start(server(), b -> b.guard(byHeader));
    return f.client.always("X-Test-Scopes", scopes);
  }

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  private static void assertChallenge(Reply r, String scopes) {
    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"" + scopes + "\"");
    assertThat(r.json().path("error").path("message").asString()).isEqualTo("Forbidden");
  }

  @Test
  void aModernCallIsRefusedWithEveryScopeItNeedsAndTheToolDoesNotRun() {
    HttpTestClient c = client("mcp:read");
    assertChallenge(c.call(1, "delete", null).send(), "mcp:read mcp:write");
    assertThat(deletes).hasValue(0);
    assertThat(asked).contains(Set.of("mcp:read", "mcp:write"));

    assertThat(c.call(2, "read", null).send().result().path("content").get(0).path("text").asString())
        .isEqualTo("read");
    Reply list = c.modern(3, "tools/list", null).send();
    assertThat(list.status()).isEqualTo(200);
    assertThat(asked.getLast()).containsExactly("mcp:read");
  }

  @Test
  void aCallerWithEveryScopeGetsThrough() {
    HttpTestClient c = client("mcp:read mcp:write");
    assertThat(c.call(1, "delete", null).send().result().path("content").get(0).path("text").asString())
        .isEqualTo("deleted");
    assertThat(deletes).hasValue(1);
  }

  @Test
  void aCallerWithoutTheServerWideScopeCannotEvenList() {
    HttpTestClient c = client("mcp:write");
    assertChallenge(c.modern(1, "tools/list", null).send(), "mcp:read");
    assertChallenge(c.call(2, "delete", null).send(), "mcp:read mcp:write");
    assertThat(deletes).hasValue(0);
  }

  @Test
  void aSessionRequestIsCheckedLikeAModernOne() {
    HttpTestClient c = client("mcp:read");
    Session s = c.initialize("2025-11-25");
    assertChallenge(s.call(7, "delete", null).send(), "mcp:read mcp:write");
    assertThat(deletes).hasValue(0);
    assertThat(s.call(8, "read", null).send().result().path("content").get(0).path("text").asString())
        .isEqualTo("read");
  }

  @Test
  void initializeNeedsTheServerWideScopes() {
    HttpTestClient c = client("");
    Reply r = c.post().body(Rpc.request(0, "initialize", J.obj("protocolVersion", "2025-11-25", "capabilities",
        J.obj(), "clientInfo", J.obj("name", "c", "version", "1")))).send();
    assertChallenge(r, "mcp:read");
    assertThat(r.headers().firstValue("Mcp-Session-Id")).isEmpty();
    assertThat(f.http.sessionCount()).isZero();
  }

  @Test
  void aBatchIsAuthorizedAsAWholeBeforeAnyMemberRuns() {
    HttpTestClient c = client("mcp:read");
    Session s = c.initialize("2025-03-26");
    Reply r = s.post(0, "x", null).body(Json.write(J.arr(
        Rpc.request(1, "tools/call", J.obj("name", "read")),
        Rpc.request(2, "tools/call", J.obj("name", "delete"))))).send();
    assertChallenge(r, "mcp:read mcp:write");
    assertThat(reads).as("no member ran").hasValue(0);
    assertThat(deletes).hasValue(0);

    Reply ok = s.post(0, "x", null).body(Json.write(J.arr(Rpc.request(1, "tools/call", J.obj("name", "read")),
        Rpc.request(2, "tools/list", null)))).send();
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().size()).isEqualTo(2);
    assertThat(reads).hasValue(1);
  }

  @Test
  void aLegacyMessageIsRefusedOnThePostAndNothingReachesTheStream() {
    HttpTestClient c = client("mcp:read");
    try (HttpTestClient.Streaming sse = c.request("GET", "/sse").header("Accept", "text/event-stream").open()) {
      SseStream.Event endpoint = sse.events().next();
      assertThat(endpoint.event()).isEqualTo("endpoint");
      Reply init = c.request("POST", endpoint.data()).header("Content-Type", "application/json")
          .body(Rpc.request(1, "initialize", J.obj("protocolVersion", "2024-11-05", "capabilities", J.obj(),
              "clientInfo", J.obj("name", "c", "version", "1")))).send();
      assertThat(init.status()).isEqualTo(202);
      assertThat(sse.events().nextMessage().path("id").asInt()).isEqualTo(1);
      Reply refused = c.request("POST", endpoint.data()).header("Content-Type", "application/json")
          .body(Rpc.request(2, "tools/call", J.obj("name", "delete"))).send();
      assertChallenge(refused, "mcp:read mcp:write");
      Reply allowed = c.request("POST", endpoint.data()).header("Content-Type", "application/json")
          .body(Rpc.request(3, "tools/call", J.obj("name", "read"))).send();
      assertThat(allowed.status()).isEqualTo(202);
      // the next message on the stream answers request 3: request 2 never produced one
      assertThat(sse.events().nextMessage().path("id").asInt()).isEqualTo(3);
      assertThat(deletes).hasValue(0);
    }
  }

  @Test
  void withoutAGuardScopesAreNotChecked() {
    f = HttpFixture.start(server());
    assertThat(f.client.call(1, "delete", null).send().result().path("content").get(0).path("text").asString())
        .isEqualTo("deleted");
  }
}
