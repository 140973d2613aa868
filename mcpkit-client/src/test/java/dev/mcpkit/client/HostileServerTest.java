package dev.mcpkit.client;

import static dev.mcpkit.client.testing.HostileServer.answer;
import static dev.mcpkit.client.testing.HostileServer.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.client.testing.HostileServer;
import dev.mcpkit.client.testing.HostileServer.Req;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.Tool;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client against servers that try to exhaust it (issue 18): listings that loop or never end, answers that
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
}
