package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.ElicitRequestFormParams;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.RawHttp;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.SseStream;
import dev.mcpkit.server.testing.TestTools;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests whose handling cannot block are served on the Jetty thread that read them: a tool declared
 * non-blocking, with a guard that cannot block; everything else on a virtual thread. The body is read without
 * blocking, and no write on that path waits for the client.
 */
class InlineServingTest {

  private static final String BIG = "y".repeat(256 * 1024);

  private final AtomicReference<Boolean> nbVirtual = new AtomicReference<>();
  private final AtomicReference<Boolean> defaultVirtual = new AtomicReference<>();

  private McpServer server() {
    return TestTools.server()
        .tool(ServerTool.builder("where-nb").description("Reports its thread").nonBlocking().handler(call -> {
          nbVirtual.set(Thread.currentThread().isVirtual());
          call.progress(1, 2.0, "half");
          call.progress(2, 2.0, "all");
          return ToolResults.text("nb");
        }).build())
        .tool(ServerTool.builder("where").description("Reports its thread").handler(call -> {
          defaultVirtual.set(Thread.currentThread().isVirtual());
          return ToolResults.text("default");
        }).build())
        .tool(ServerTool.builder("big-nb").description("A large answer").nonBlocking()
            .handler(call -> ToolResults.text(BIG)).build())
        .tool(ServerTool.builder("ask-nb").description("Asks the client, wrongly").nonBlocking().handler(call -> {
          call.elicit(ElicitRequestFormParams.of("Name?", J.parse("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}")));
          return ToolResults.text("unreachable");
        }).build())
        .build();
  }

  private static String text(Reply r) {
    return r.last().path("result").path("content").get(0).path("text").asString();
  }

  @Test
  void aNonBlockingToolRunsOnTheIoThreadAndADefaultToolOnAVirtualThread() {
    try (HttpFixture f = HttpFixture.start(server())) {
      assertThat(text(f.client.call(1, "where-nb", null).send())).isEqualTo("nb");
      assertThat(nbVirtual.get()).as("non-blocking tool, 2026").isFalse();
      assertThat(text(f.client.call(2, "where", null).send())).isEqualTo("default");
      assertThat(defaultVirtual.get()).as("default tool, 2026").isTrue();

      nbVirtual.set(null);
      defaultVirtual.set(null);
      Session s = f.client.initialize("2025-11-25");
      assertThat(text(s.call(3, "where-nb", null).send())).isEqualTo("nb");
      assertThat(nbVirtual.get()).as("non-blocking tool, 2025 session").isFalse();
      assertThat(text(s.call(4, "where", null).send())).isEqualTo("default");
      assertThat(defaultVirtual.get()).as("default tool, 2025 session").isTrue();
    }
  }

  @Test
  void aGuardThatMayBlockSendsEvenANonBlockingToolToAVirtualThread() {
    RequestGuard mayBlock = request -> RequestGuard.Decision.allow(null); // tryAuthenticate() defaults to null
    try (HttpFixture f = HttpFixture.start(server(), b -> b.guard(mayBlock))) {
      assertThat(text(f.client.call(1, "where-nb", null).send())).isEqualTo("nb");
      assertThat(nbVirtual.get()).isTrue();
    }
  }

  @Test
  void guardsSeeTheRequestWithoutAttributesOfMcpkits() {
    // mcpkit keeps its per-request state in a response of its own, not in request attributes (for which Jetty would
    // build a map on every request): a guard, on the Jetty thread or on a virtual thread, sees none of it.
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    RequestGuard mayBlock = request -> {
      seen.addAll(request.getAttributeNameSet());
      return RequestGuard.Decision.allow(null);
    };
    RequestGuard atOnce = new RequestGuard() {
      @Override
      public Decision authenticate(org.eclipse.jetty.server.Request request) {
        return mayBlock.authenticate(request);
      }

      @Override
      public Decision tryAuthenticate(org.eclipse.jetty.server.Request request) {
        return authenticate(request);
      }
    };
    for (RequestGuard guard : List.of(atOnce, mayBlock)) {
      try (HttpFixture f = HttpFixture.start(server(), b -> b.guard(guard))) {
        assertThat(text(f.client.call(1, "where-nb", null).send())).isEqualTo("nb");
      }
    }
    assertThat(seen).noneMatch(name -> name.startsWith("dev.mcpkit."));
  }

  @Test
  void aToolVisibilityPredicateIsUserCodeSoToolsListRunsOnAVirtualThread() {
    AtomicReference<Boolean> predicateVirtual = new AtomicReference<>();
    McpServer filtered = TestTools.server().toolVisibility((caller, tool) -> {
      predicateVirtual.set(Thread.currentThread().isVirtual());
      return true;
    }).build();
    try (HttpFixture f = HttpFixture.start(filtered)) {
      assertThat(f.client.modern(1, "tools/list", J.obj()).send().result().path("tools").isArray()).isTrue();
      assertThat(predicateVirtual.get()).as("the predicate ran, on a virtual thread").isTrue();
    }
  }

  @Test
  void progressOfANonBlockingToolArrivesWithItsResultInOneStream() {
    try (HttpFixture f = HttpFixture.start(server())) {
      ObjectNode meta = HttpTestClient.meta(J.obj()).put("progressToken", "tok");
      Reply r = f.client.modern(1, "tools/call", J.obj("name", "where-nb", "_meta", meta)).send();
      assertThat(r.contentType()).startsWith("text/event-stream");
      assertThat(r.messages()).extracting(m -> m.has("method") ? m.path("method").asString() : "response")
          .containsExactly("notifications/progress", "notifications/progress", "response");
      assertThat(nbVirtual.get()).isFalse();

      // 2025: the stream keeps its event ids (resumable), priming event first.
      Session s = f.client.initialize("2025-11-25");
      Reply legacy = s.call(2, "where-nb", null).edit(b -> ((ObjectNode) b.path("params")).set("_meta",
          J.obj("progressToken", 9))).send();
      var events = SseStream.parse(legacy.body());
      assertThat(events).allSatisfy(e -> assertThat(e.id()).matches("\\d+-\\d+"));
      assertThat(legacy.messages()).hasSize(3);
      assertThat(legacy.last().path("id").asInt()).isEqualTo(2);
    }
  }

  @Test
  void aNonBlockingToolThatElicitsGetsAClearErrorInsteadOfBlocking() {
    try (HttpFixture f = HttpFixture.start(server())) {
      Session s = f.client.initialize("2025-11-25", J.obj("elicitation", J.obj()));
      Reply r = s.call(1, "ask-nb", null).send();
      assertThat(r.error().path("code").asInt()).isEqualTo(-32603);
      assertThat(r.error().path("message").asString()).contains("declared non-blocking")
          .contains("elicitation/create");
      // the thread was not held: the session goes on
      assertThat(s.post(2, "ping", null).send().status()).isEqualTo(200);
    }
  }

  @Test
  void clientsThatNeverReadTheirAnswersStallNobody() throws Exception {
    try (HttpFixture f = HttpFixture.start(server())) {
      byte[] call = callBytes("big-nb", f.port());
      List<Socket> slow = new ArrayList<>();
      try {
        for (int c = 0; c < 8; c++) {
          Socket s = new Socket();
          s.setReceiveBufferSize(1024);
          s.connect(new InetSocketAddress("127.0.0.1", f.port()));
          slow.add(s);
          // Many requests in a row, answers never read: the server's writes for this connection cannot finish.
          Thread.ofVirtual().start(() -> {
            try {
              for (int i = 0; i < 64; i++) {
                s.getOutputStream().write(call);
              }
            } catch (Exception e) {
              // the server stops reading this connection while its answer is pending: the writes block, then close
            }
          });
        }
        for (int i = 0; i < 5; i++) {
          CompletableFuture<Reply> other = CompletableFuture.supplyAsync(() -> f.client.call(1, "where-nb", null).send());
          assertThat(text(other.get(20, TimeUnit.SECONDS))).isEqualTo("nb");
          CompletableFuture<Reply> big = CompletableFuture.supplyAsync(() -> f.client.call(2, "big-nb", null).send());
          assertThat(text(big.get(20, TimeUnit.SECONDS))).hasSize(BIG.length());
        }
        // No platform thread (Jetty's) waits in a write for the clients that do not read.
        assertThat(Thread.getAllStackTraces().entrySet()).noneSatisfy(e -> assertThat(e.getValue())
            .anyMatch(frame -> frame.getClassName().startsWith("org.eclipse.jetty.util.Blocker")
                || frame.getMethodName().equals("awaitSent")));
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  @Test
  void aBodyThatArrivesInPiecesIsStillAnswered() throws Exception {
    try (HttpFixture f = HttpFixture.start(server()); RawHttp raw = RawHttp.connect(f.port())) {
      byte[] body = modernCall(1, "where-nb");
      int half = body.length / 2;
      raw.send("POST", "/mcp", headers(Map.of("Content-Length", Integer.toString(body.length))), null);
      Thread.sleep(200); // the head alone first: the server must wait for the body without a thread
      raw.write(java.util.Arrays.copyOfRange(body, 0, half));
      Thread.sleep(200);
      raw.write(java.util.Arrays.copyOfRange(body, half, body.length));
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(Json.parse(r.body()).path("result").path("content").get(0).path("text").asString()).isEqualTo("nb");
      assertThat(nbVirtual.get()).as("served inline on the thread that delivered the last bytes").isFalse();

      // chunked, in pieces, on the same connection: the connection was kept
      byte[] next = modernCall(2, "where-nb");
      raw.send("POST", "/mcp", headers(Map.of("Transfer-Encoding", "chunked")), null);
      for (int at = 0; at < next.length; at += 40) {
        int n = Math.min(40, next.length - at);
        raw.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        raw.write(java.util.Arrays.copyOfRange(next, at, at + n));
        raw.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        Thread.sleep(20);
      }
      raw.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      RawHttp.Response second = raw.read();
      assertThat(second.status()).isEqualTo(200);
      assertThat(Json.parse(second.body()).path("id").asInt()).isEqualTo(2);
    }
  }

  @Test
  void aChunkedBodyOverTheLimitIs413() throws Exception {
    try (HttpFixture f = HttpFixture.start(server(), b -> b.options(HttpFixture.options(o -> o.maxBodyBytes(2000))));
         RawHttp raw = RawHttp.connect(f.port())) {
      raw.send("POST", "/mcp", headers(Map.of("Transfer-Encoding", "chunked")), null);
      byte[] piece = ("{\"pad\":\"" + "z".repeat(500) + "\"}").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 5; i++) {
        raw.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        raw.write(piece);
        raw.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(413);
      assertThat(Json.parse(r.body()).path("error").path("message").asString())
          .isEqualTo("Content too large: the limit is 2000 bytes");
    }
  }

  static Map<String, String> headers(Map<String, String> more) { // a 2026 tools/call of where-nb or big-nb
    Map<String, String> h = new java.util.LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Accept", HttpTestClient.ACCEPT_BOTH);
    h.put("MCP-Protocol-Version", "2026-07-28");
    h.put("Mcp-Method", "tools/call");
    h.put("Mcp-Name", "where-nb");
    h.putAll(more);
    return h;
  }

  static byte[] modernCall(int id, String tool) {
    ObjectNode params = J.obj("name", tool, "arguments", J.obj());
    params.set("_meta", HttpTestClient.meta(J.obj()));
    return Json.writeBytes(Rpc.request(id, "tools/call", params));
  }

  private static byte[] callBytes(String tool, int port) {
    byte[] body = modernCall(7, tool);
    StringBuilder head = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
    headers(Map.of("Mcp-Name", tool, "Content-Length", Integer.toString(body.length)))
        .forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] all = java.util.Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }
}
