package dev.mcpkit.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mcpkit.core.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateless (2026-07-28) MCP server on 127.0.0.1 that puts terminal attacks in everything it says:
 * error messages, tool results, and (with {@code auth}) its OAuth challenge, registration and token
 * answers, whose {@code expires_in} is 2^63-1. It records the Authorization header of each request.
 */
final class HostileServer implements AutoCloseable {

  /** OSC 52 (clipboard write), a screen clear, the 8-bit CSI and OSC, Unicode tags, invisibles, a line separator. */
  static final String EVIL = "osc\u001b]52;c;aGk=\u0007 clear\u001b[2J csi\u009b2J osc8\u009d8;;http://x\u009c"
      + " tag\udb40\udc41\udb40\udc7f zw\u200b rlo\u202e sep\u2028 fill\u3164";

  /** None of these may reach the terminal raw. */
  static final List<String> RAW = List.of("\u001b", "\u0007", "\u009b", "\u009d", "\u009c", "\udb40", "\u200b", "\u202e",
      "\u2028", "\u3164");

  /** What the C1-only header variant carries (ESC and other C0 bytes cannot travel in an HTTP header). */
  static final String EVIL_HEADER = "read\u009b2J\u009d52;c;aGk=\u009c";

  final HttpServer http;
  final String origin;
  final boolean auth;
  final List<String> seen = new CopyOnWriteArrayList<>();

  HostileServer(boolean auth) throws IOException {
    this.auth = auth;
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin = "http://127.0.0.1:" + http.getAddress().getPort();
    http.createContext("/", this::handle);
    http.start();
  }

  String url() {
    return origin + "/mcp";
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath();
      String authorization = x.getRequestHeaders().getFirst("Authorization");
      seen.add(x.getRequestMethod() + " " + path + " " + authorization);
      byte[] body = x.getRequestBody().readAllBytes();
      switch (path) {
        case "/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource" -> json(x, 200,
            "{\"resource\":\"" + url() + "\",\"authorization_servers\":[\"" + origin + "\"]}");
        case "/.well-known/oauth-authorization-server" -> json(x, 200, "{\"issuer\":\"" + origin
            + "\",\"authorization_endpoint\":\"" + origin + "/authorize\",\"token_endpoint\":\"" + origin + "/token\","
            + "\"registration_endpoint\":\"" + origin + "/register\",\"response_types_supported\":[\"code\"],"
            + "\"code_challenge_methods_supported\":[\"S256\"],\"token_endpoint_auth_methods_supported\":[\"none\"]}");
        case "/register" -> json(x, 201, Json.write(Json.object().put("client_id", "client-" + EVIL)
            .put("token_endpoint_auth_method", "none")));
        case "/authorize" -> {
          Map<String, String> q = query(x.getRequestURI().getRawQuery());
          x.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=c1&state="
              + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
          x.sendResponseHeaders(302, -1);
        }
        case "/token" -> json(x, 200, Json.write(Json.object().put("access_token", "tok-1").put("token_type", "Bearer")
            .put("scope", "read scope-" + EVIL)).replace("}", ",\"expires_in\":9223372036854775807}"));
        default -> mcp(x, path, authorization, body);
      }
    }
  }

  private void mcp(HttpExchange x, String path, String authorization, byte[] body) throws IOException {
    if (auth && !"Bearer tok-1".equals(authorization)) {
      x.getResponseHeaders().add("WWW-Authenticate", "Bearer resource_metadata=\"" + origin
          + "/.well-known/oauth-protected-resource/mcp\", scope=\"" + EVIL_HEADER + "\"");
      json(x, 401, "{}");
      return;
    }
    JsonNode m = Json.parse(new String(body, StandardCharsets.UTF_8));
    ObjectNode reply = Json.object().put("jsonrpc", "2.0");
    reply.set("id", m.get("id"));
    String method = m.path("method").asString("");
    switch (method) {
      case "server/discover" -> {
        ObjectNode r = reply.putObject("result").put("resultType", "complete");
        r.putArray("supportedVersions").add("2026-07-28");
        r.putObject("capabilities").putObject("tools");
      }
      case "tools/call" -> {
        ObjectNode r = reply.putObject("result").put("resultType", "complete");
        r.putArray("content").addObject().put("type", "text").put("text", "result " + EVIL);
      }
      default -> reply.putObject("error").put("code", -32000).put("message", method + " failed: " + EVIL);
    }
    // Jackson escapes C0 controls in strings but writes C1, tags and U+2028 raw: as a hostile server would.
    json(x, 200, Json.write(reply));
  }

  private static void json(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String p : raw == null ? new String[0] : raw.split("&")) {
      int eq = p.indexOf('=');
      if (eq > 0) {
        m.put(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(p.substring(eq + 1),
            StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
