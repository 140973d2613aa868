package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.J;
import dev.mcpkit.server.testing.RawHttp;
import dev.mcpkit.server.testing.Rpc;
import dev.mcpkit.server.testing.Session;
import dev.mcpkit.server.testing.SseStream;
import dev.mcpkit.server.testing.TestTools;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Errors are values on the wire, never internals: every error case of the HTTP transports is
 * sent, and no response body names a Java class or package or carries a stack trace.
 */
class NoLeakTest {

  private static final List<String> FORBIDDEN = List.of("java.", "tools.jackson", "org.eclipse", "Exception",
      "dev.mcpkit", "\tat ", "JsonToken", "StreamReadConstraints", "Jetty", "<html");

  private final Map<String, String> bodies = new LinkedHashMap<>();
  private HttpFixture f;

  private void record(String what, HttpTestClient.Req req) {
    HttpTestClient.Reply r = req.send();
    assertThat(r.status()).as(what).isGreaterThanOrEqualTo(200);
    bodies.put(what + " (" + r.status() + ")", r.body());
  }

  private void recordRaw(String what, String method, String path, Map<String, String> headers, byte[] body,
      byte[] rawTail) throws Exception {
    try (RawHttp raw = RawHttp.connect(f.port())) {
      raw.send(method, path, headers, body);
      if (rawTail != null) {
        raw.write(rawTail);
      }
      RawHttp.Response r = raw.read();
      assertThat(r.header("Server")).as("no server version on %s", what).isNull();
      bodies.put(what + " (" + r.status() + ")", r.body());
    }
  }

  private static Map<String, String> modernHeaders(String method, String name) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Accept", HttpTestClient.ACCEPT_BOTH);
    h.put("MCP-Protocol-Version", HttpTestClient.MODERN);
    h.put("Mcp-Method", method);
    if (name != null) {
      h.put("Mcp-Name", name);
    }
    return h;
  }

  private HttpTestClient.Req meta(ObjectNode meta) {
    return f.client.modern(1, "tools/list", J.obj("_meta", meta));
  }

  @Test
  void noErrorResponseNamesAJavaClassOrCarriesAStackTrace() throws Exception {
    f = HttpFixture.start(TestTools.server().tool(TestTools.failing()).tool(TestTools.refusing())
        .tool(TestTools.structured("bad-sum", false)).tool(TestTools.headerTool()).tool(TestTools.when())
        .tool(TestTools.greet()).completions(true)
        .resource(ServerResource.of("test://broken", "broken", read -> {
          throw new IllegalStateException("java.io.IOException: disk on fire");
        }))
        .build(), b -> b.options(HttpFixture.options(o -> o.maxBodyBytes(2048))));
    try (HttpFixture fixture = f) {
      var c = f.client;
      // malformed input
      record("malformed JSON, modern", c.call(1, "echo", J.obj()).body("{\"jsonrpc\":"));
      record("malformed JSON, bad token", c.post().body("{\"a\": tru }"));
      record("deeply nested", c.post().body("[".repeat(1000) + "]".repeat(1000)));
      record("not an object", c.post().body("\"text\""));
      record("bad envelope", c.post().body("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}"));
      record("empty batch", c.post().body("[]"));
      record("batch without session", c.post().body("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"));
      // methods, tools, arguments
      record("unknown method", c.modern(1, "nope/nope", null));
      record("legacy method in modern", c.modern(1, "initialize", null));
      record("unknown tool", c.call(1, "nope", J.obj()));
      record("invalid arguments", c.call(1, "echo", J.obj("message", J.arr(1), "times", "x")));
      record("arguments not an object", c.modern(1, "tools/call", J.obj("name", "echo", "arguments", "x")));
      record("binding failure", c.call(1, "when", J.obj("at", "not a date")));
      record("tool exception", c.call(1, "fail", J.obj()));
      record("tool exception message", c.call(1, "refuse", J.obj()));
      record("bad structured output", c.call(1, "bad-sum", J.obj()));
      record("resource reader exception", c.modern(1, "resources/read", J.obj("uri", "test://broken")));
      record("resource not found", c.modern(1, "resources/read", J.obj("uri", "test://none")));
      record("prompt argument types", c.modern(1, "prompts/get", J.obj("name", "p", "arguments", J.obj("a", J.obj()))));
      record("bad completion ref", c.modern(1, "completion/complete", J.obj("ref", J.obj("x", 1),
          "argument", J.obj("name", "a", "value", "b"))));
      record("completion ref of unknown type", c.modern(1, "completion/complete", J.obj("ref",
          J.obj("type", "ref/nothing"), "argument", J.obj("name", "a", "value", "b"))));
      record("bad cursor", c.modern(1, "tools/list", J.obj("cursor", "%%%")));
      record("cursor of wrong type", c.modern(1, "tools/list", J.obj("cursor", J.obj())));
      record("listen filter of wrong type", c.modern(1, "subscriptions/listen", J.obj("notifications", 5)));
      // _meta and versions
      record("missing _meta", c.modern(1, "tools/list", null).edit(b -> b.remove("params")));
      record("malformed capabilities", meta(J.obj(MetaKeys.PROTOCOL_VERSION, "2026-07-28",
          MetaKeys.CLIENT_CAPABILITIES, J.obj("roots", 5))));
      record("malformed clientInfo", meta(J.obj(MetaKeys.PROTOCOL_VERSION, "2026-07-28",
          MetaKeys.CLIENT_CAPABILITIES, J.obj(), MetaKeys.CLIENT_INFO, J.arr(1))));
      record("malformed log level", meta(J.obj(MetaKeys.PROTOCOL_VERSION, "2026-07-28",
          MetaKeys.CLIENT_CAPABILITIES, J.obj(), MetaKeys.LOG_LEVEL, J.obj())));
      record("unsupported version", meta(J.obj(MetaKeys.PROTOCOL_VERSION, "1999-01-01",
          MetaKeys.CLIENT_CAPABILITIES, J.obj())).header("MCP-Protocol-Version", "1999-01-01"));
      // MRTR
      ObjectNode elicit = J.obj("elicitation", J.obj());
      record("missing capability", c.call(1, "greet", J.obj()));
      record("tampered state", c.modern(1, "tools/call", J.obj("name", "greet", "arguments", J.obj(),
          "requestState", "eyJ2IjoxfQ.AAAA", "_meta", HttpTestClient.meta(elicit))));
      record("malformed answer", c.modern(1, "tools/call", J.obj("name", "greet", "arguments", J.obj(),
          "inputResponses", J.obj("elicit-1", J.obj("action", "accept", "content", 5)), "_meta",
          HttpTestClient.meta(elicit))));
      record("malformed answer type", c.modern(1, "tools/call", J.obj("name", "greet", "arguments", J.obj(),
          "inputResponses", J.obj("elicit-1", J.arr()), "_meta", HttpTestClient.meta(elicit))));
      // headers
      record("header mismatch", c.call(1, "echo", J.obj("message", "x")).header("Mcp-Method", "tools/list"));
      record("name mismatch", c.call(1, "echo", J.obj("message", "x")).header("Mcp-Name", "=?base64?!!!?="));
      record("param missing", c.call(1, "route", J.obj("region", "eu")));
      record("wrong accept", c.call(1, "echo", J.obj()).header("Accept", "text/html"));
      record("wrong content type", c.call(1, "echo", J.obj()).header("Content-Type", "text/xml"));
      record("foreign origin", c.call(1, "echo", J.obj()).header("Origin", "https://evil.example"));
      record("too large", c.call(1, "echo", J.obj()).body(" ".repeat(4096)));
      record("method not allowed", c.request("PATCH", "/mcp"));
      record("no such path", c.request("GET", "/nothing/here"));
      // sessions
      Session s = c.initialize("2025-11-25");
      record("legacy unknown method", s.post(1, "nope", null));
      record("legacy bad version header", s.post(1, "tools/list", null).header("MCP-Protocol-Version", "x"));
      record("legacy initialize twice", s.post(1, "initialize", J.obj("protocolVersion", "2025-11-25")));
      record("legacy bad level", s.post(1, "logging/setLevel", J.obj("level", 3)));
      record("legacy subscribe without uri", s.post(1, "resources/subscribe", J.obj("uri", J.arr())));
      record("legacy stray response", s.answer(J.node(5), J.obj()));
      record("legacy batch in 2025-11-25", s.post(1, "x", null).body("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"));
      record("legacy resume unknown", s.get().header("Last-Event-ID", "7-1"));
      record("legacy missing session", c.post().body(Rpc.request(1, "tools/list", null)));
      record("initialize with bad capabilities", c.post().body(Rpc.request(1, "initialize",
          J.obj("protocolVersion", "2025-11-25", "capabilities", 5))));
      record("initialize with bad clientInfo", c.post().body(Rpc.request(1, "initialize",
          J.obj("protocolVersion", "2025-11-25", "clientInfo", "me"))));
      record("get without session", c.get());
      record("delete without session", c.delete());
      record("unknown session", c.post().header("Mcp-Session-Id", "x").body(Rpc.request(1, "tools/list", null)));
      s.delete().send();
      record("deleted session", s.post(1, "tools/list", null));
      // legacy HTTP+SSE
      record("legacy sse unknown session", c.request("POST", "/messages?sessionId=abc")
          .header("Content-Type", "application/json").body("{}"));
      record("legacy sse wrong method", c.request("PUT", "/sse"));
      // raw HTTP: Host, framing
      byte[] body = Json.writeBytes(Rpc.request(1, "tools/call", J.obj("name", "echo", "arguments", J.obj(),
          "_meta", HttpTestClient.meta(J.obj()))));
      Map<String, String> foreignHost = modernHeaders("tools/call", "echo");
      foreignHost.put("Host", "evil.example");
      recordRaw("foreign host", "POST", "/mcp", foreignHost, body, null);
      Map<String, String> twoOrigins = modernHeaders("tools/call", "echo");
      twoOrigins.put("Origin", "http://localhost");
      twoOrigins.put("ORIGIN", "http://evil.example");
      recordRaw("two origins", "POST", "/mcp", twoOrigins, body, null);
      Map<String, String> chunked = modernHeaders("tools/call", "echo");
      chunked.put("Transfer-Encoding", "chunked");
      recordRaw("chunked too large", "POST", "/mcp", chunked, null,
          ("1000\r\n" + " ".repeat(4096) + "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      recordRaw("bad chunking", "POST", "/mcp", chunked, null, "zz\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      Map<String, String> controlChar = modernHeaders("tools/call", "echo");
      controlChar.put("Mcp-Param-X", "a\u0001b");
      recordRaw("control character in a header", "POST", "/mcp", controlChar, body, null);
      recordRaw("bad content length", "POST", "/mcp", Map.of("Content-Length", "abc"), null, null);

      SoftAssertions soft = new SoftAssertions();
      bodies.forEach((what, text) -> {
        for (String bad : FORBIDDEN) {
          soft.assertThat(text).as(what).doesNotContain(bad);
        }
      });
      soft.assertThat(bodies).hasSizeGreaterThan(60);
      soft.assertAll();
      // the bodies that are SSE streams were parsed too: make sure none was cut short
      bodies.values().stream().filter(b -> b.startsWith("event:") || b.startsWith("id:"))
          .forEach(b -> assertThat(SseStream.parse(b)).isNotEmpty());
    }
  }
}
