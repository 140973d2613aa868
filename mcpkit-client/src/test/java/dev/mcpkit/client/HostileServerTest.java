package dev.mcpkit.client;

import static dev.mcpkit.client.testing.HostileServer.answer;
import static dev.mcpkit.client.testing.HostileServer.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mcpkit.client.internal.ClientThreads;
import dev.mcpkit.client.testing.HostileServer;
import dev.mcpkit.client.testing.HostileServer.Req;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.Root;
import dev.mcpkit.core.schema.TextContent;
import dev.mcpkit.core.schema.Tool;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client against servers that try to exhaust it: listings that loop or never end, answers that
 * trickle, floods of server requests. Each server is a raw socket on loopback ({@link HostileServer}); each test
 * is bounded in time, so a client that hangs fails instead of holding the build.
 */
@Timeout(60)
class HostileServerTest {

  /** The handshake of a 2026-07-28 ({@code modern}) or 2025-11-25 server; true when {@code req} was part of it. */
  static boolean handshake(Req req, OutputStream out, boolean modern) throws Exception {
    if (!req.method().equals("POST")) {
      answer(out, req.method().equals("DELETE") ? 200 : 405, null, "");
      return true;
    }
    switch (req.rpcMethod()) {
      case "server/discover" -> {
        if (!modern) {
          answer(out, 404, "text/plain", "no such method");
          return true;
        }
        ObjectNode r = Json.object();
        r.put("resultType", "complete");
        r.putArray("supportedVersions").add("2026-07-28");
        r.putObject("capabilities").putObject("tools");
        r.putObject("serverInfo").put("name", "hostile").put("version", "1");
        result(out, req, r);
        return true;
      }
      case "initialize" -> {
        ObjectNode r = Json.object();
        r.put("protocolVersion", req.json().path("params").path("protocolVersion").asString());
        r.putObject("capabilities").putObject("tools");
        r.putObject("serverInfo").put("name", "hostile").put("version", "1");
        result(out, req, r, "Mcp-Session-Id", "s1");
        return true;
      }
      case "notifications/initialized" -> {
        answer(out, 202, null, "");
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /** A page of {@code n} small tools named {@code prefix0...}. */
  static ObjectNode toolPage(String prefix, int n, String nextCursor, long ttlMs) {
    ObjectNode r = Json.object();
    ArrayNode tools = r.putArray("tools");
    for (int i = 0; i < n; i++) {
      tools.addObject().put("name", prefix + i).putObject("inputSchema").put("type", "object");
    }
    if (nextCursor != null) {
      r.put("nextCursor", nextCursor);
    }
    if (ttlMs > 0) {
      r.put("ttlMs", ttlMs);
    }
    return r;
  }

  static String cursor(Req req) {
    return req.json().path("params").path("cursor").asString(null);
  }

  /**
   * A server that closes the connection without answering a call (as a keep-alive connection closed by the server
   * just as the request goes out ends): the error says so, without the HTTP library's connection description (its
   * class names and addresses), which a gateway would pass on to its callers.
   */
  @Test
  void aConnectionClosedWithoutAnAnswerIsSaidPlainly() throws Exception {
    try (HostileServer server = new HostileServer((req, out) -> handshake(req, out, true));
        McpClient c = McpClient.builder().url(server.url("/mcp")).connect()) {
      assertThatThrownBy(() -> c.callTool("anything", java.util.Map.of()))
          .isInstanceOf(McpConnectionException.class)
          .hasMessageContaining("closed the connection without an answer")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("@").doesNotContainIgnoringCase("oejc"));
    }
  }

  // ---- item 1: listings are bounded ----

  @Test
  void aCursorThatPointsBackAtACachedPageEndsTheListing() throws Exception {
    AtomicInteger lists = new AtomicInteger();
    try (HostileServer server = new HostileServer((req, out) -> {
      if (!handshake(req, out, true) && req.rpcMethod().equals("tools/list")) {
        lists.incrementAndGet();
        // every page, cacheable for an hour, says the next one is "again": the client's cache serves it forever
        result(out, req, toolPage(cursor(req) == null ? "first" : "again", 1, "again", 3_600_000));
      }
    }); McpClient client = McpClient.builder().url(server.url("/mcp")).connect()) {
      assertThatThrownBy(client::listAllTools).isInstanceOf(McpProtocolException.class)
          .hasMessageContaining("tools/list: the server's nextCursor \"again\" repeats an earlier cursor")
          .hasMessageContaining("stopped after 2 page(s)");
      assertThat(lists).hasValue(2);
    }
  }

  @Test
  void cursorsThatLoopWithoutCachingEndTheListingInBothEras() throws Exception {
    for (boolean modern : new boolean[] {true, false}) {
      AtomicInteger lists = new AtomicInteger();
      try (HostileServer server = new HostileServer((req, out) -> {
        if (!handshake(req, out, modern) && req.rpcMethod().equals("prompts/list")) {
          lists.incrementAndGet();
          ObjectNode page = Json.object();
          page.putArray("prompts").addObject().put("name", "p" + lists.get());
          page.put("nextCursor", "b".equals(cursor(req)) ? "a" : "b"); // a -> b -> a -> ...
          result(out, req, page);
        }
      }); McpClient client = McpClient.builder().url(server.url("/mcp")).connect()) {
        assertThatThrownBy(client::listAllPrompts).isInstanceOf(McpProtocolException.class)
            .hasMessageContaining("prompts/list: the server's nextCursor \"b\" repeats an earlier cursor");
        assertThat(lists).hasValue(3);
      }
    }
  }

  @Test
  void anHonestButEndlessListingStopsAtTheDefaultItemCap() throws Exception {
    AtomicInteger lists = new AtomicInteger();
    try (HostileServer server = new HostileServer((req, out) -> {
      if (!handshake(req, out, true) && req.rpcMethod().equals("tools/list")) {
        int n = lists.incrementAndGet();
        result(out, req, toolPage("t" + n + "-", 5_000, n < 30 ? "page" + n : null, 0)); // 150,000 tools in all
      }
    }); McpClient client = McpClient.builder().url(server.url("/mcp")).connect()) {
      assertThatThrownBy(client::listAllTools).isInstanceOf(McpProtocolException.class)
          .hasMessageContaining("more than 100000 items (the client's limit maxListItems)");
      assertThat(lists).hasValue(21);
    }
  }

  @Test
  void itemAndByteCapsAreConfigurable() throws Exception {
    String description = "d".repeat(50_000);
    try (HostileServer server = new HostileServer((req, out) -> {
      if (!handshake(req, out, true) && req.rpcMethod().equals("tools/list")) {
        String c = cursor(req);
        int n = c == null ? 0 : Integer.parseInt(c);
        ObjectNode page = toolPage("t" + n + "-", 4, n < 9 ? String.valueOf(n + 1) : null, 60_000);
        page.withArray("tools").forEach(t -> ((ObjectNode) t).put("description", description));
        result(out, req, page); // 10 pages of 4 tools, each page some 200 KB
      }
    })) {
      try (McpClient client = McpClient.builder().url(server.url("/mcp")).maxListItems(10).connect()) {
        assertThatThrownBy(client::listAllTools).isInstanceOf(McpProtocolException.class)
            .hasMessageContaining("more than 10 items (the client's limit maxListItems); stopped after 3 page(s)");
      }
      try (McpClient client = McpClient.builder().url(server.url("/mcp")).maxListBytes(500_000).connect()) {
        assertThatThrownBy(() -> client.tools().forEach(t -> { }))
            .isInstanceOf(McpProtocolException.class)
            .hasMessageContaining("larger than 500000 bytes (the client's limit maxListBytes); stopped after 3 page(s)");
      }
      try (McpClient client = McpClient.builder().url(server.url("/mcp")).maxListBytes(4_000_000).connect()) {
        List<Tool> all = client.listAllTools(); // within both caps: every page
        assertThat(all).hasSize(40);
        assertThat(client.listAllTools()).hasSize(40); // again, from the cache: counted the same way
      }
    }
  }

  // ---- item 2: a trickled 202 body holds nobody ----

  @Test
  void aTrickled202ToInitializedDoesNotHoldTheConnect() throws Exception {
    try (HostileServer server = new HostileServer((req, out) -> {
      if (req.rpcMethod().equals("notifications/initialized")) {
        HostileServer.trickled202(out); // accepted, then one byte every 100 ms, forever
      } else if (!handshake(req, out, false) && req.rpcMethod().equals("tools/list")) {
        result(out, req, toolPage("t", 1, null, 0));
      }
    })) {
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        try (McpClient client = McpClient.builder().url(server.url("/mcp")).requestTimeout(Duration.ofSeconds(3))
            .connectTimeout(Duration.ofSeconds(3)).connect()) {
          assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_11_25);
          assertThat(client.listAllTools()).extracting(Tool::name).containsExactly("t0");
        }
      });
    }
  }

  @Test
  void legacyHttpSsePostsWithTrickled202sDoNotHoldCalls() throws Exception {
    BlockingQueue<String> stream = new LinkedBlockingQueue<>();
    try (HostileServer server = new HostileServer((req, out) -> {
      if (req.path().equals("/sse") && req.method().equals("GET")) {
        HostileServer.sseHead(out);
        HostileServer.event(out, "event: endpoint\ndata: /messages\n\n");
        for (int i = 0; i < 6000; i++) { // ten minutes at most; the client's close ends it sooner
          String m = stream.poll(100, TimeUnit.MILLISECONDS);
          HostileServer.event(out, m == null ? ": tick\n\n" : "event: message\ndata: " + m + "\n\n");
        }
      } else if (req.path().equals("/messages")) {
        JsonNode id = req.id();
        if (id != null) { // the answer goes on the stream, at once
          ObjectNode r = req.rpcMethod().equals("initialize") ? Json.object() : toolPage("t", 1, null, 0);
          if (req.rpcMethod().equals("initialize")) {
            r.put("protocolVersion", "2024-11-05");
            r.putObject("capabilities").putObject("tools");
            r.putObject("serverInfo").put("name", "hostile").put("version", "1");
          }
          stream.add(HostileServer.response(id, r));
        }
        HostileServer.trickled202(out); // while the POST's own answer never ends
      } else {
        answer(out, 405, null, ""); // not Streamable HTTP: the client falls back to HTTP+SSE
      }
    })) {
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        try (McpClient client = McpClient.builder().url(server.url("/sse")).requestTimeout(Duration.ofSeconds(3))
            .connectTimeout(Duration.ofSeconds(3)).connect()) {
          assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2024_11_05);
          assertThat(client.listAllTools()).extracting(Tool::name).containsExactly("t0");
        }
      });
    }
  }

  @Test
  void aHugeRetryBeforeResumingDoesNotOutliveTheRequest() throws Exception {
    try (HostileServer server = sseCallServer((req, out) ->
        // a numbered event and a retry of eleven days, then the end of the stream before the answer
        HostileServer.event(out, "id: e1\nretry: 999999999\ndata: \n\n"))) {
      List<String> before = ClientThreads.liveNames();
      try (McpClient client = McpClient.builder().url(server.url("/mcp")).connect()) {
        assertThatThrownBy(() -> client.callTool("x", Json.object(),
            RequestOptions.defaults().withTimeout(Duration.ofMillis(500))))
            .isInstanceOf(McpTimeoutException.class);
      }
      // No thread this test started outlives it (before the fix the 11-day retry kept one for the whole wait).
      // Compared by thread, not by count: threads of earlier tests may end, or not, meanwhile. Generous
      // time: on a loaded 2-core CI machine thread ends can lag.
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(ClientThreads.liveNames()).as("client threads still running").isSubsetOf(before));
    }
  }

  // ---- item 7: batches, floods of server requests, empty SSE events ----

  /** A 2025 server whose {@code tools/call} answers with an SSE stream written by {@code body}. */
  static HostileServer sseCallServer(HostileServer.Handler body) throws Exception {
    return new HostileServer((req, out) -> {
      if (!handshake(req, out, false) && req.rpcMethod().equals("tools/call")) {
        HostileServer.sseHead(out);
        body.handle(req, out);
      } else if (req.json() != null && req.rpcMethod().isEmpty()) {
        answer(out, 202, null, ""); // a response from the client
      }
    });
  }

  static String callResult(Req req) {
    ObjectNode r = Json.object();
    r.putArray("content").addObject().put("type", "text").put("text", "done");
    return HostileServer.response(req.id(), r);
  }

  @Test
  void aBatchInAnSseEventIsRefusedAfter2025_03_26AndTakenIn2025_03_26() throws Exception {
    try (HostileServer server = sseCallServer((req, out) ->
        HostileServer.event(out, "data: [" + callResult(req) + "]\n\n"))) {
      try (McpClient client = McpClient.builder().url(server.url("/mcp")).requestTimeout(Duration.ofSeconds(5))
          .connect()) {
        assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_11_25);
        assertThatThrownBy(() -> client.callTool("x", Map.of())).isInstanceOf(McpProtocolException.class)
            .hasMessageContaining("tools/call: " + server.url("/mcp") + " sent a JSON-RPC batch (1 messages in one"
                + " SSE event); batches exist only in protocol revision 2025-03-26, not in 2025-11-25");
      }
      try (McpClient client = McpClient.builder().url(server.url("/mcp")).protocolVersion(ProtocolVersion.V2025_03_26)
          .requestTimeout(Duration.ofSeconds(5)).connect()) {
        assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_03_26);
        assertThat(((TextContent) client.callTool("x", Map.of()).content().getFirst()).text()).isEqualTo("done");
      }
    }
  }

  @Test
  void keepAliveCommentsDoNotAddUpToAnOversizeEvent() throws Exception {
    try (HostileServer server = sseCallServer((req, out) -> {
      HostileServer.event(out, ": keep-alive\n\n".repeat(2_000)); // 26 KB of empty events
      HostileServer.event(out, "data: " + callResult(req) + "\n\n");
    }); McpClient client = McpClient.builder().url(server.url("/mcp")).maxMessageBytes(4096)
        .requestTimeout(Duration.ofSeconds(5)).connect()) {
      assertThat(((TextContent) client.callTool("x", Map.of()).content().getFirst()).text()).isEqualTo("done");
    }
    // a real event over the limit still fails, in words: "ENDPOINT sent an SSE event larger than 4096 bytes"
    try (HostileServer server = sseCallServer((req, out) -> HostileServer.event(out, ("data: " + "x".repeat(100)
        + "\n").repeat(50) + "\n")); McpClient client = McpClient.builder().url(server.url("/mcp"))
        .maxMessageBytes(4096).requestTimeout(Duration.ofSeconds(5)).connect()) {
      assertThatThrownBy(() -> client.callTool("x", Map.of())).isInstanceOf(McpProtocolException.class)
          .hasMessage("tools/call: " + server.url("/mcp") + " sent an SSE event larger than 4096 bytes");
    }
  }

  @Test
  void aFloodOfServerRequestsIsAnsweredWithBoundedThreads() throws Exception {
    int flood = 300;
    Map<String, Integer> answers = new ConcurrentHashMap<>(); // request id -> 0 for a result, else the error code
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    try (HostileServer server = new HostileServer((req, out) -> {
      if (req.json() != null && req.json().has("id") && !req.json().has("method")) {
        answers.put(req.id().asString(), req.json().path("error").path("code").asInt(0));
        answer(out, 202, null, "");
      } else if (!handshake(req, out, false) && req.rpcMethod().equals("tools/call")) {
        HostileServer.sseHead(out);
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < flood; i++) {
          requests.append("data: {\"jsonrpc\":\"2.0\",\"id\":\"r").append(i).append("\",\"method\":\"roots/list\"}\n\n");
        }
        HostileServer.event(out, requests.toString());
        for (int i = 0; i < 300 && answers.size() < flood; i++) { // 30 s at most
          Thread.sleep(100);
        }
        HostileServer.event(out, "data: " + callResult(req) + "\n\n");
      }
    }); McpClient client = McpClient.builder().url(server.url("/mcp")).requestTimeout(Duration.ofSeconds(40))
        .handlers(ClientHandlers.none().withRoots(() -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            release.await(30, TimeUnit.SECONDS); // a handler that waits (a person, a slow disk)
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            running.decrementAndGet();
          }
          return List.of(new Root("file:///work", "work", null));
        })).connect()) {
      CompletableFuture<CallToolResult> call = client.callToolAsync("flood", Json.object(), RequestOptions.defaults());
      // the requests beyond the handlers' bound are refused at once, while the first ones still wait
      await().atMost(Duration.ofSeconds(20)).until(() -> answers.size() >= flood - 16 && running.get() == 16);
      assertThat(most.get()).isEqualTo(16);
      assertThat(answers.values()).containsOnly(-32603);
      release.countDown();
      assertThat(((TextContent) call.get(30, TimeUnit.SECONDS).content().getFirst()).text()).isEqualTo("done");
      assertThat(answers).hasSize(flood);
      assertThat(answers.values().stream().filter(c -> c == 0).count()).isEqualTo(16);
    }
  }
}
