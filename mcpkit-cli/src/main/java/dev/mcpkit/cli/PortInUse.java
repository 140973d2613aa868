package dev.mcpkit.cli;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.text.PeerText;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What a command that binds a port ({@code serve}, {@code up}, {@code auth-server}, {@code conformance-server}) says
 * when the port is taken: which port, what to type instead, and what holds it when that can be told (another mcpkit,
 * another MCP server), found by two quick requests to the port on loopback.
 */
final class PortInUse {

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private PortInUse() {}

  /** Whether {@code e} (or a cause) is a failure to bind a listening socket. */
  static boolean is(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The message for a port that could not be bound.
   *
   * @param command the command as the user runs it again ({@code ./mcpkit serve})
   * @param host the interface it tried
   */
  static String message(String command, String host, int port) {
    String holder = isLoopbackOrAny(host) ? holder(port).map(h -> ", by " + h).orElse("") : "";
    int next = port >= 65535 ? 8081 : port + 1;
    return "port " + port + " on " + host + " is already in use" + holder + ".\n"
        + "Stop what holds it, or pick another port: " + command + " --port " + next
        + " (or --port 0 for any free one)";
  }

  private static boolean isLoopbackOrAny(String host) {
    try {
      InetAddress a = InetAddress.getByName(host);
      return a.isLoopbackAddress() || a.isAnyLocalAddress();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /**
   * What listens on the port of 127.0.0.1, when it says: mcpkit's protected-resource metadata names an {@code mcpkit
   * up}; a 2026-07-28 {@code server/discover} answer names the server; any JSON-RPC answer is some MCP server.
   */
  static Optional<String> holder(int port) {
    String origin = "http://127.0.0.1:" + port;
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER).build()) {
      JsonNode prm = get(http, origin + "/.well-known/oauth-protected-resource/mcp");
      String resourceName = prm == null ? "" : prm.path("resource_name").asString("");
      if (resourceName.startsWith("mcpkit")) {
        return Optional.of("another mcpkit (\"" + clean(resourceName) + "\" with OAuth, as mcpkit up runs it, at "
            + origin + "/mcp)");
      }
      JsonNode discover = post(http, origin + "/mcp");
      if (discover != null && discover.has("jsonrpc")) {
        String name = discover.path("result").path("_meta").path("io.modelcontextprotocol/serverInfo").path("name")
            .asString("");
        if (name.startsWith("mcpkit")) {
          return Optional.of("another mcpkit (the server \"" + clean(name) + "\" at " + origin + "/mcp)");
        }
        return Optional.of("an MCP server at " + origin + "/mcp" + (name.isEmpty() ? "" : " (\"" + clean(name) + "\")"));
      }
      JsonNode as = get(http, origin + "/.well-known/oauth-authorization-server");
      if (as != null && as.path("issuer").isString()) {
        return Optional.of("an OAuth authorization server (issuer " + clean(as.path("issuer").asString()) + ")");
      }
    } catch (RuntimeException e) {
      // what holds the port is a courtesy; the message stands without it
    }
    return Optional.empty();
  }

  private static JsonNode get(HttpClient http, String url) {
    return send(http, HttpRequest.newBuilder(URI.create(url)).timeout(PROBE_TIMEOUT).GET().build());
  }

  /** The probe is a stateless {@code server/discover}: any mcpkit server answers it without a session. */
  private static final String STATELESS = Era.STATELESS.newest().id();

  private static JsonNode post(HttpClient http, String url) {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{\"_meta\":{"
        + "\"io.modelcontextprotocol/protocolVersion\":\"" + STATELESS + "\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
    return send(http, HttpRequest.newBuilder(URI.create(url)).timeout(PROBE_TIMEOUT)
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", STATELESS).header("Mcp-Method", "server/discover")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static JsonNode send(HttpClient http, HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      String type = r.headers().firstValue("Content-Type").orElse("");
      if (!type.startsWith("application/json") || r.body().length() > 64 * 1024) {
        return null;
      }
      JsonNode j = Json.parse(r.body());
      return j != null && j.isObject() ? j : null;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Text from the other program, for one line of our message. */
  private static String clean(String s) {
    return PeerText.line(s, 80);
  }
}
