package dev.mcpkit.bench;

import java.net.URI;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Checks that a contender answers correctly before it is measured: the echo text comes back, the
 * resource is the full 1 MiB, SSE responses carry the progress notification, sessions open and
 * close. A contender that fails a check fails the run.
 */
final class Check {

  private Check() {}

  static final String MESSAGE = "hello-bench";

  static int run(String flavor, String url) {
    try (RawHttp http = new RawHttp(URI.create(url))) {
      http.timeout(30_000);
      String detail = switch (flavor) {
        case "modern" -> modern(http);
        case "sse" -> sse(http);
        case "session" -> session(http);
        default -> throw new IllegalArgumentException("unknown flavor " + flavor);
      };
      System.err.println("check " + flavor + " " + url + ": ok (" + detail + ")");
      return 0;
    } catch (Exception | AssertionError e) {
      System.err.println("check " + flavor + " " + url + ": FAILED: " + e.getMessage());
      return 1;
    }
  }

  private static String modern(RawHttp http) throws Exception {
    RawHttp.Response r = http.exchange("POST", Wire.modernHeaders("tools/call", "echo"), Wire.echoModern(1, MESSAGE, false));
    expectEcho(r, 1);
    String ct = r.header("content-type");
    RawHttp.Response read = http.exchange("POST", Wire.modernHeaders("resources/read", Blob.URI), Wire.readModern(2));
    expectBlob(read, 2);
    return "echo as " + ct + ", 1 MiB read";
  }

  private static String sse(RawHttp http) throws Exception {
    RawHttp.Response r = http.exchange("POST", Wire.modernHeaders("tools/call", "echo"), Wire.echoModern(1, MESSAGE, true));
    String ct = r.header("content-type");
    need(ct != null && ct.startsWith("text/event-stream"), "expected an SSE response, got " + ct);
    List<JsonNode> msgs = Wire.messages(ct, r.body());
    need(msgs.stream().anyMatch(m -> "notifications/progress".equals(m.path("method").asString())),
        "no progress notification in " + r.body());
    expectEcho(r, 1);
    return "progress + result as SSE";
  }

  private static String session(RawHttp http) throws Exception {
    RawHttp.Response init = http.exchange("POST", Wire.legacyHeaders(null), Wire.initialize(1));
    need(init.status() == 200, "initialize: HTTP " + init.status() + " " + init.body());
    String sid = init.header("mcp-session-id");
    need(sid != null, "initialize: no Mcp-Session-Id header");
    need(Wire.answer(Wire.messages(init.header("content-type"), init.body()), 1) != null, "initialize: no result");
    RawHttp.Response ack = http.exchange("POST", Wire.legacyHeaders(sid), Wire.INITIALIZED);
    need(ack.status() == 202 || ack.status() == 200, "initialized: HTTP " + ack.status());
    RawHttp.Response call = http.exchange("POST", Wire.legacyHeaders(sid), Wire.echoLegacy(2, MESSAGE));
    expectEcho(call, 2);
    RawHttp.Response read = http.exchange("POST", Wire.legacyHeaders(sid), Wire.readLegacy(3));
    expectBlob(read, 3);
    RawHttp.Response del = http.exchange("DELETE", Wire.legacyHeaders(sid), null);
    need(del.status() / 100 == 2, "DELETE: HTTP " + del.status());
    return "initialize, initialized, echo as " + call.header("content-type") + ", 1 MiB read, DELETE";
  }

  /** Opens a 2025 session (initialize + initialized) and returns its id. */
  static String openSession(String url) throws Exception {
    try (RawHttp http = new RawHttp(URI.create(url))) {
      RawHttp.Response init = http.exchange("POST", Wire.legacyHeaders(null), Wire.initialize(1));
      String sid = init.header("mcp-session-id");
      need(init.status() == 200 && sid != null, "initialize: HTTP " + init.status() + " " + init.body());
      http.exchange("POST", Wire.legacyHeaders(sid), Wire.INITIALIZED);
      return sid;
    }
  }

  private static void expectEcho(RawHttp.Response r, long id) {
    need(r.status() == 200, "tools/call: HTTP " + r.status() + " " + r.body());
    JsonNode a = Wire.answer(Wire.messages(r.header("content-type"), r.body()), id);
    need(a != null, "tools/call: no answer with id " + id + " in " + r.body());
    String text = a.path("result").path("content").path(0).path("text").asString("");
    need(MESSAGE.equals(text), "tools/call: wrong answer " + a);
  }

  private static void expectBlob(RawHttp.Response r, long id) {
    need(r.status() == 200, "resources/read: HTTP " + r.status());
    JsonNode a = Wire.answer(Wire.messages(r.header("content-type"), r.body()), id);
    need(a != null, "resources/read: no answer with id " + id);
    String text = a.path("result").path("contents").path(0).path("text").asString("");
    need(Blob.TEXT.equals(text), "resources/read: wrong contents (" + text.length() + " chars)");
  }

  static void need(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message.length() > 400 ? message.substring(0, 400) + "..." : message);
    }
  }
}
