package dev.mcpkit.cli.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the attack suite ({@link SecurityAttacksIT}) drives: the jar under test, and raw HTTP as an attacker sends it
 * (any header, any body, no client library smoothing anything over).
 */
final class Attack {

  /** The system property that points the suite at another jar, e.g. one built from an older commit. */
  static final String JAR_PROPERTY = "mcpkit.jar";

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

  private Attack() {}

  /** {@code -Dmcpkit.jar=...} if set, otherwise the jar this build packaged. */
  static Path jar() {
    String configured = System.getProperty(JAR_PROPERTY, "").strip();
    if (configured.isEmpty()) {
      return McpkitProcess.jar();
    }
    Path p = Path.of(configured);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("-D" + JAR_PROPERTY + " names no file: " + p);
    }
    return p;
  }

  static McpkitProcess start(String... args) throws IOException, InterruptedException {
    return McpkitProcess.startHttp(jar(), args);
  }

  /** One request; {@code body} null for a GET. Never throws for an HTTP status. */
  static HttpResponse<String> send(String method, URI url, Map<String, String> headers, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60));
    headers.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request whose body is left open to read as a stream (an SSE response); close its body when done. */
  static HttpResponse<InputStream> open(String method, URI url, Map<String, String> headers, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url);
    headers.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void closeQuietly(HttpResponse<InputStream> r) {
    try {
      r.body().close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  /** Headers of a 2025-11-25 Streamable HTTP request ({@code session} may be null before initialize). */
  static Map<String, String> session2025(String session) {
    return session == null
        ? Map.of("Content-Type", "application/json", "Accept", "application/json, text/event-stream")
        : Map.of("Content-Type", "application/json", "Accept", "application/json, text/event-stream",
            "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
  }

  static final String INITIALIZE_2025 = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
      + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"attacker\","
      + "\"version\":\"1\"}}}";

  /** A 2026-07-28 request body with the per-request {@code _meta} ({@code paramsJson} an object without braces). */
  static String modern(String method, String paramsJsonMembers) {
    String meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{"
        + (paramsJsonMembers.isEmpty() ? "" : paramsJsonMembers + ",") + meta + "}}";
  }

  static Map<String, String> modernHeaders(String method, String name) {
    return name == null
        ? Map.of("Content-Type", "application/json", "Accept", "application/json, text/event-stream",
            "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method)
        : Map.of("Content-Type", "application/json", "Accept", "application/json, text/event-stream",
            "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method, "Mcp-Name", name);
  }

  /** Whether a status means "over a limit": 429 (this client) or 503 (the server is full). */
  static boolean overLimit(int status) {
    return status == 429 || status == 503;
  }
}
