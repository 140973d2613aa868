package dev.mcpkit.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.server.http.McpHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small MCP-over-HTTP client for tests, on the JDK's {@link HttpClient} (HTTP/1.1). It knows
 * just enough protocol to build requests of both eras; everything it sends can be overridden, so
 * tests can send exactly the bad input they are about.
 */
public final class HttpTestClient implements AutoCloseable {

  public static final String MODERN = "2026-07-28";
  public static final String ACCEPT_BOTH = "application/json, text/event-stream";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final String path;
  private final Map<String, String> defaults = new java.util.concurrent.ConcurrentHashMap<>();

  public HttpTestClient(McpHttpServer server) {
    URI e = server.endpoint();
    this.base = "http://127.0.0.1:" + server.port();
    this.path = e.getPath();
  }

  public String base() {
    return base;
  }

  /**
   * Sends this header with every request built from now on (for example {@code Authorization}); a request can
   * still replace or remove it.
   */
  public HttpTestClient always(String name, String value) {
    defaults.put(name, value);
    return this;
  }

  /** A request to any path of the server, with only the headers set by {@link #always}. */
  public Req request(String method, String path) {
    Req r = new Req(method, URI.create(base + path));
    defaults.forEach(r::header);
    return r;
  }

  /** A POST to the MCP endpoint with the Content-Type and Accept a conforming client sends. */
  public Req post() {
    return request("POST", path).header("Content-Type", "application/json").header("Accept", ACCEPT_BOTH);
  }

  public Req get() {
    return request("GET", path).header("Accept", "text/event-stream");
  }

  public Req delete() {
    return request("DELETE", path);
  }

  /** The request {@code _meta} of a 2026-07-28 client with the given capabilities. */
  public static ObjectNode meta(ObjectNode capabilities) {
    return J.obj(MetaKeys.PROTOCOL_VERSION, MODERN,
        MetaKeys.CLIENT_INFO, J.obj("name", "test-client", "version", "1.0.0"),
        MetaKeys.CLIENT_CAPABILITIES, capabilities);
  }

  /**
   * A complete, valid 2026-07-28 request: body with {@code _meta} (empty capabilities unless the
   * params already carry {@code _meta}) and the matching {@code MCP-Protocol-Version}, {@code
   * Mcp-Method} and {@code Mcp-Name} headers.
   */
  public Req modern(Object id, String method, ObjectNode params) {
    ObjectNode p = params == null ? Json.object() : params.deepCopy();
    if (!p.has("_meta")) {
      p.set("_meta", meta(Json.object()));
    }
    Req r = post().header("MCP-Protocol-Version", MODERN).header("Mcp-Method", method)
        .body(Rpc.request(id, method, p));
    JsonNode name = method.equals("resources/read") ? p.get("uri") : p.get("name");
    if (name != null && name.isString() && List.of("tools/call", "prompts/get", "resources/read").contains(method)) {
      r.header("Mcp-Name", name.asString());
    }
    return r;
  }

  /** A 2026-07-28 {@code tools/call}. */
  public Req call(Object id, String tool, ObjectNode arguments) {
    ObjectNode p = J.obj("name", tool);
    if (arguments != null) {
      p.set("arguments", arguments);
    }
    return modern(id, "tools/call", p);
  }

  /** Opens a 2025 session: initialize, check it, send {@code notifications/initialized}. */
  public Session initialize(String version) {
    return initialize(version, Json.object());
  }

  public Session initialize(String version, ObjectNode capabilities) {
    Reply r = post().body(Rpc.request(0, "initialize", J.obj("protocolVersion", version,
        "capabilities", capabilities, "clientInfo", J.obj("name", "test-client", "version", "1.0.0")))).send();
    assertThat(r.status()).as("initialize: %s", r.body()).isEqualTo(200);
    String id = r.headers().firstValue("Mcp-Session-Id").orElseThrow(() -> new AssertionError("no Mcp-Session-Id"));
    Session s = new Session(this, id, r.json().path("result").path("protocolVersion").asString());
    assertThat(s.notify("notifications/initialized", null).send().status()).isEqualTo(202);
    return s;
  }

  @Override
  public void close() {
    http.shutdownNow();
  }

  /** A request being built. Header names are case-insensitive; setting one replaces it. */
  public final class Req {
    private final String method;
    private final URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    Req(String method, URI uri) {
      this.method = method;
      this.uri = uri;
    }

    public Req header(String name, String value) {
      without(name);
      headers.put(name, value);
      return this;
    }

    public Req without(String name) {
      headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
      return this;
    }

    public Req body(String json) {
      this.body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return this;
    }

    public Req body(JsonNode json) {
      return body(Json.write(json));
    }

    public Req body(byte[] raw) {
      this.body = raw.clone();
      return this;
    }

    /** Mutates the JSON body (to break one detail of a valid request). */
    public Req edit(java.util.function.Consumer<ObjectNode> change) {
      ObjectNode o = (ObjectNode) Json.parse(body);
      change.accept(o);
      return body(o);
    }

    private HttpRequest build() {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
      headers.forEach(b::header);
      b.method(method, body.length == 0 && !method.equals("POST") ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(body));
      return b.build();
    }

    /** Sends and reads the whole response (for responses that end). */
    public Reply send() {
      try {
        HttpResponse<String> r = http.send(build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers(), r.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** Sends and returns as soon as the response headers arrive; events are read as they come. */
    public Streaming open() {
      try {
        HttpResponse<InputStream> r = http.send(build(), HttpResponse.BodyHandlers.ofInputStream());
        return new Streaming(r.statusCode(), r.headers(), SseStream.reading(r.body()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** A complete response. */
  public record Reply(int status, HttpHeaders headers, String body) {

    public String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }

    public boolean isSse() {
      return contentType().startsWith("text/event-stream");
    }

    /** The body as JSON (a JSON response). */
    public JsonNode json() {
      assertThat(contentType()).as("content type of %s", body).startsWith("application/json");
      return Json.parse(body);
    }

    /** Every JSON-RPC message of the response, in order (one for JSON, all events for SSE). */
    public List<JsonNode> messages() {
      if (!isSse()) {
        return List.of(json());
      }
      List<JsonNode> out = new ArrayList<>();
      for (SseStream.Event e : SseStream.parse(body)) {
        if (e.hasData()) {
          out.add(e.json());
        }
      }
      return out;
    }

    /** The final message (the JSON-RPC response). */
    public JsonNode last() {
      List<JsonNode> m = messages();
      assertThat(m).as("messages of %s", body).isNotEmpty();
      return m.getLast();
    }

    /** The {@code error} of the final message; fails when it has none. */
    public JsonNode error() {
      JsonNode e = last().get("error");
      assertThat(e).as("an error in %s", body).isNotNull();
      return e;
    }

    /** The {@code result} of the final message; fails when it has none. */
    public JsonNode result() {
      JsonNode r = last().get("result");
      assertThat(r).as("a result in %s", body).isNotNull();
      return r;
    }
  }

  /** A response being read as a stream. */
  public record Streaming(int status, HttpHeaders headers, SseStream events) implements AutoCloseable {
    @Override
    public void close() {
      events.close();
    }
  }
}
