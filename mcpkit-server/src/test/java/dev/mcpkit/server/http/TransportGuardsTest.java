package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.RawHttp;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.TestTools;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP layer rejects before any handler runs: foreign Origin (403) and Host (421),
 * oversize bodies (413), wrong Accept (406) and Content-Type (415), wrong HTTP methods (405). Each
 * rejection leaves the tool handler untouched and the server usable.
 */
class TransportGuardsTest {

  private final AtomicInteger invoked = new AtomicInteger();
  private HttpFixture f;

  private McpServer server() {
    return TestTools.server().tool(ServerTool.builder("count").handler(c -> {
      invoked.incrementAndGet();
      return ToolResults.text("counted");
    }).build()).build();
  }

  @BeforeEach
  void start() {
    f = HttpFixture.start(server(), b -> b.allowHosts("mcp.example.test").allowOrigins("https://app.example.test")
        .options(HttpFixture.options(o -> o.maxBodyBytes(1024))));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private HttpTestClient.Req count() {
    return f.client.call(1, "count", J.obj());
  }

  private static void assertRejected(Reply r, int status, String fragment) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().path("error").path("message").asString()).contains(fragment);
    assertThat(r.json().get("id").isNull()).isTrue();
  }

  @Test
  @DisplayName("SEC-TR-01 a foreign Origin is 403 and nothing runs")
  void foreignOriginIs403() {
    assertRejected(count().header("Origin", "https://evil.example").send(), 403, "Origin 'https://evil.example'");
    assertThat(invoked).hasValue(0);
  }

  @Test
  @DisplayName("SEC-TR-02 loopback origins and configured origins are accepted")
  void loopbackOriginsAreAccepted() {
    int port = f.port();
    for (String origin : List.of("http://localhost:" + port, "http://127.0.0.1:" + port, "http://[::1]:" + port,
        "http://LOCALHOST:" + port, "https://app.example.test")) {
      Reply r = count().header("Origin", origin).send();
      assertThat(r.status()).as(origin).isEqualTo(200);
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(origin).hasValue(origin);
    }
    assertThat(invoked).hasValue(5);
  }

  @Test
  @DisplayName("SEC-TR-02 a page on another local port is another origin: 403 by default")
  void otherLocalPortsAre403() {
    int port = f.port();
    for (String origin : List.of("http://localhost:" + (port == 65535 ? port - 1 : port + 1), "http://127.0.0.1:3000",
        "http://localhost", "https://127.0.0.1:" + (port == 443 ? 444 : 443))) {
      Reply r = count().header("Origin", origin).send();
      assertRejected(r, 403, "is not allowed");
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
    }
    assertThat(invoked).hasValue(0);
    // the same page, once on the allow-list, is accepted
    try (HttpFixture g = HttpFixture.start(server(), b -> b.allowOrigins("http://localhost:3000"))) {
      assertThat(g.client.call(1, "count", J.obj()).header("Origin", "http://localhost:3000").send().status())
          .isEqualTo(200);
    }
  }

  @Test
  @DisplayName("SEC-TR-04 SEC-TR-05 Origin null and look-alike origins are 403")
  void lookAlikeOriginsAre403() {
    int port = f.port();
    for (String origin : List.of("null", "http://localhost.evil.com", "http://127.0.0.1.nip.io:" + port,
        "http://localhost:" + port + "@evil.com", "http://localhost.:" + port, "file://", "https://app.example.test.evil",
        "ftp://localhost")) {
      assertThat(count().header("Origin", origin).send().status()).as(origin).isEqualTo(403);
    }
    assertThat(invoked).hasValue(0);
  }

  @Test
  @DisplayName("SEC-TR-07 the Origin check guards every MCP endpoint and method")
  void originIsCheckedEverywhere() {
    Session s = f.client.initialize("2025-11-25");
    String evil = "https://evil.example";
    assertThat(s.get().header("Origin", evil).send().status()).isEqualTo(403);
    assertThat(s.delete().header("Origin", evil).send().status()).isEqualTo(403);
    assertThat(s.call(5, "count", null).header("Origin", evil).send().status()).isEqualTo(403);
    assertThat(f.client.request("GET", "/sse").header("Accept", "text/event-stream").header("Origin", evil).send()
        .status()).isEqualTo(403);
    assertThat(f.client.request("POST", "/messages?sessionId=x").header("Content-Type", "application/json")
        .header("Origin", evil).body("{}").send().status()).isEqualTo(403);
    // the session is untouched: DELETE with a bad Origin did not end it
    assertThat(s.call(6, "count", null).send().status()).isEqualTo(200);
    assertThat(invoked).hasValue(1);
  }

  @Test
  @DisplayName("SEC-TR-08 CORS preflight: allowed origins echoed exactly, others get no CORS headers, on every endpoint")
  void corsPreflight() {
    // the same on the Streamable HTTP endpoint and on both legacy SSE endpoints
    for (String path : new String[] {"/mcp", "/sse", "/messages"}) {
      Reply ok = f.client.request("OPTIONS", path).header("Origin", "https://app.example.test")
          .header("Access-Control-Request-Method", "POST").send();
      assertThat(ok.status()).as(path).isEqualTo(204);
      assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue("https://app.example.test");
      assertThat(ok.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Mcp-Method", "Mcp-Name");

      Reply evil = f.client.request("OPTIONS", path).header("Origin", "https://evil.example")
          .header("Access-Control-Request-Method", "POST").send();
      assertThat(evil.status()).as(path).isEqualTo(403);
      assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  @DisplayName("SEC-TR-06 two Origin headers are rejected, never first-one-wins")
  void twoOriginHeadersAreRejected() throws Exception {
    try (RawHttp raw = RawHttp.connect(f.port())) {
      raw.send("POST", "/mcp", headers("Origin", "http://localhost", "Origin", "https://evil.example"), countBody());
      assertThat(raw.read().status()).isEqualTo(403);
    }
    try (RawHttp raw = RawHttp.connect(f.port())) {
      raw.send("POST", "/mcp", headers("Origin", "https://evil.example", "Origin", "http://localhost"), countBody());
      assertThat(raw.read().status()).isEqualTo(403);
    }
    assertThat(invoked).hasValue(0);
  }

  @Test
  @DisplayName("SEC-TR-03 a foreign Host is 421; loopback names and configured hosts are served")
  void hostHeaderIsChecked() throws Exception {
    int port = f.port();
    assertThat(rawCount("rebind.attacker.test:" + port).status()).isEqualTo(421);
    assertThat(rawCount("mcp.example.test.attacker.test").status()).isEqualTo(421);
    assertThat(invoked).hasValue(0);
    RawHttp.Response misdirected = rawCount("evil.example");
    assertThat(misdirected.body()).contains("-32600", "Host 'evil.example' is not served here");

    for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LocalHost:" + port,
        "localhost", "mcp.example.test", "mcp.example.test:" + port)) {
      assertThat(rawCount(host).status()).as(host).isEqualTo(200);
    }
    assertThat(invoked).hasValue(7);
  }

  @Test
  @DisplayName("SEC-TR-06 two Host headers are rejected")
  void twoHostHeadersAreRejected() throws Exception {
    try (RawHttp raw = RawHttp.connect(f.port())) {
      raw.send("POST", "/mcp", headers("Host", "localhost", "Host", "evil.example"), countBody());
      assertThat(raw.read().status()).isBetween(400, 421);
    }
    assertThat(invoked).hasValue(0);
  }

  @Test
  @DisplayName("SEC-RES-11 a body over the limit is 413, with Content-Length and chunked; at the limit it is served")
  void oversizeBodiesAre413() throws Exception {
    String big = countJson(2000);
    Reply declared = count().body(big).send();
    assertRejected(declared, 413, "limit is 1024 bytes");

    try (RawHttp raw = RawHttp.connect(f.port())) {
      // Four chunks, no length declared; written at once, since the server may answer (and stop
      // reading) as soon as it has seen more than the limit.
      java.io.ByteArrayOutputStream chunked = new java.io.ByteArrayOutputStream();
      byte[] b = big.getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < b.length; i += 500) {
        int n = Math.min(500, b.length - i);
        chunked.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunked.write(b, i, n);
        chunked.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      chunked.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      raw.send("POST", "/mcp", headers("Transfer-Encoding", "chunked"), null);
      raw.write(chunked.toByteArray());
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.body()).contains("limit is 1024 bytes");
    }
    assertThat(invoked).hasValue(0);

    Reply atLimit = count().body(countJson(1024)).send();
    assertThat(atLimit.status()).as(atLimit.body()).isEqualTo(200);
    assertThat(invoked).hasValue(1);
  }

  @Test
  @DisplayName("SEC-RES-11 deep JSON nesting is a parse error, not a crash")
  void deepNestingIsAParseError() {
    try (HttpFixture big = HttpFixture.start(server())) {
      String deep = "[".repeat(10_000) + "]".repeat(10_000);
      Reply r = big.client.post().body(deep).send();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().path("error").path("code").asInt()).isEqualTo(-32700);
      assertThat(big.client.call(2, "count", J.obj()).send().status()).isEqualTo(200);
    }
  }

  @Test
  void wrongAcceptIs406AndWrongContentTypeIs415() {
    assertRejected(count().header("Accept", "text/html").send(), 406, "Not acceptable");
    assertRejected(count().header("Accept", "application/json").send(), 406, "text/event-stream");
    assertThat(count().header("Accept", "*/*").send().status()).isEqualTo(200);

    assertRejected(count().header("Content-Type", "text/plain").send(), 415, "application/json");
    assertRejected(count().without("Content-Type").send(), 415, "application/json");
    assertThat(count().header("Content-Type", "application/json; charset=utf-8").send().status()).isEqualTo(200);

    Session s = f.client.initialize("2025-11-25");
    assertRejected(s.get().header("Accept", "application/json").send(), 406, "text/event-stream");
    assertThat(invoked).hasValue(2);
  }

  @Test
  @DisplayName("SEC-TR-09 by default the server binds the loopback interface only")
  void bindsLoopbackByDefault() throws Exception {
    try (McpHttpServer http = McpHttpServer.builder(server()).port(0).build().start()) {
      assertThat(http.endpoint().getHost()).isEqualTo("127.0.0.1");
      assertThat(http.endpoint().getPath()).isEqualTo("/mcp");
      try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), http.port())) {
        assertThat(s.isConnected()).isTrue();
      }
    }
  }

  @Test
  void wrongHttpMethodsAre405() {
    Reply put = f.client.request("PUT", "/mcp").header("Content-Type", "application/json").body("{}").send();
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow").orElse("")).contains("POST");
    assertThat(f.client.get().send().status()).as("GET without a session").isEqualTo(405);
    assertThat(f.client.delete().send().status()).as("DELETE without a session").isEqualTo(405);
    Reply other = f.client.request("GET", "/elsewhere").send();
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.contentType()).startsWith("application/json");
  }

  private static Map<String, String> headers(String... pairs) {
    // LinkedHashMap cannot hold a name twice; RawHttp writes keys as given, so vary the case.
    Map<String, String> h = new java.util.LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Accept", HttpTestClient.ACCEPT_BOTH);
    h.put("MCP-Protocol-Version", HttpTestClient.MODERN);
    h.put("Mcp-Method", "tools/call");
    h.put("Mcp-Name", "count");
    for (int i = 0; i < pairs.length; i += 2) {
      String name = pairs[i];
      while (h.containsKey(name)) {
        name = name.toUpperCase(java.util.Locale.ROOT).equals(name) ? name.toLowerCase(java.util.Locale.ROOT)
            : name.toUpperCase(java.util.Locale.ROOT);
      }
      h.put(name, pairs[i + 1]);
    }
    return h;
  }

  private static byte[] countBody() {
    return countJson(0).getBytes(StandardCharsets.UTF_8);
  }

  /** A valid {@code count} call padded with spaces to {@code size} bytes (when larger). */
  private static String countJson(int size) {
    String json = dev.mcpkit.core.json.Json.write(dev.mcpkit.server.testing.Rpc.request(1, "tools/call",
        J.obj("name", "count", "arguments", J.obj(), "_meta", HttpTestClient.meta(J.obj()))));
    return json + " ".repeat(Math.max(0, size - json.length()));
  }

  private RawHttp.Response rawCount(String host) throws Exception {
    try (RawHttp raw = RawHttp.connect(f.port())) {
      raw.send("POST", "/mcp", headers("Host", host), countBody());
      return raw.read();
    }
  }
}
