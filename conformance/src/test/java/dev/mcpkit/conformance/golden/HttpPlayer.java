package dev.mcpkit.conformance.golden;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.testing.RawHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Plays the HTTP steps of a transcript against a server on 127.0.0.1, one connection per request.
 * {@code [stream=NAME events=N]} keeps a response stream open after its first N events, for later
 * {@code read NAME [events=N | end]} and {@code close NAME} steps; any other SSE response is read to
 * its end. Nothing waits on a clock: a read blocks until the event it expects (20 s hang guard).
 */
final class HttpPlayer implements AutoCloseable {

  /** The response headers a transcript shows, in this order; the rest (Date, framing) vary or do not matter. */
  static final List<String> HEADERS = List.of("Content-Type", "Cache-Control", "Mcp-Session-Id",
      "MCP-Protocol-Version", "Allow", "WWW-Authenticate", "Retry-After", "Access-Control-Allow-Origin",
      "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Expose-Headers");
  private static final long WAIT_SECONDS = 20;

  private record Event(String id, String event, String data, String retry) {}

  private record Open(RawHttp connection, BlockingQueue<Object> events) {}

  private static final Object END = new Object();

  private final int port;
  private final Normaliser norm;
  private final Map<String, Open> streams = new HashMap<>();

  HttpPlayer(int port, Normaliser norm) {
    this.port = port;
    this.norm = norm;
  }

  String play(Transcript.Step s) throws IOException {
    return switch (s.verb()) {
      case "read" -> ("<<< " + s.target() + "\n" + events(streams.get(s.target()), s)).stripTrailing();
      case "close" -> {
        streams.remove(s.target()).connection().close();
        yield "";
      }
      default -> request(s);
    };
  }

  private String request(Transcript.Step s) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    s.headers().forEach((k, v) -> headers.put(k, norm.substitute(v)));
    String body = norm.substitute(s.body());
    RawHttp c = RawHttp.connect(port);
    byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    // Written on its own thread: a server that refuses a large body before reading it answers at once,
    // and the answer is read while the rest of the body may still be on its way.
    Thread writer = Thread.ofVirtual().start(() -> {
      try {
        c.send(s.verb(), norm.substitute(s.target()), headers, bytes);
      } catch (IOException e) {
        // the server closed the connection after answering
      }
    });
    RawHttp.Response head = c.readHead();
    StringBuilder out = new StringBuilder("<<< ").append(head.status()).append('\n');
    for (String h : HEADERS) {
      String v = head.header(h);
      if (v != null) {
        out.append(h).append(": ").append(norm.header(h, v)).append('\n');
      }
    }
    String type = head.header("Content-Type");
    if (type != null && type.startsWith("text/event-stream")) {
      Open open = new Open(c, pump(c.body(head)));
      String name = s.option("stream", null);
      if (name != null) {
        streams.put(name, open);
      }
      out.append('\n').append(events(open, name == null ? null : s));
      if (name == null) {
        c.close();
      }
    } else {
      boolean none = head.status() == 204 || head.status() == 304 || s.verb().equals("HEAD");
      byte[] raw = none ? new byte[0] : c.body(head).readAllBytes();
      c.close();
      if (raw.length > 0) {
        out.append('\n').append(body(new String(raw, StandardCharsets.UTF_8)));
      }
    }
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out.toString().stripTrailing();
  }

  /** A body as canonical JSON, or (not JSON) as text lines marked {@code | }. */
  private String body(String text) {
    try {
      return norm.message(Json.parse(text));
    } catch (RuntimeException e) {
      StringBuilder out = new StringBuilder();
      text.lines().forEach(l -> out.append("| ").append(norm.text(l)).append('\n'));
      return out.toString();
    }
  }

  /**
   * Events of an open stream: {@code events=N} of them for a step that names a count, else (no step,
   * or {@code [end]}) to the end of the stream.
   */
  private String events(Open open, Transcript.Step s) {
    int count = s == null || s.options().containsKey("end") ? Integer.MAX_VALUE
        : Integer.parseInt(s.option("events", "1"));
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      Object next;
      try {
        next = open.events().poll(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (next == null) {
        throw new AssertionError("no SSE event within " + WAIT_SECONDS + " s (step expects one)");
      }
      if (next == END) {
        out.append("--- end of stream\n");
        break;
      }
      out.append(render((Event) next));
    }
    return out.toString();
  }

  private String render(Event e) {
    StringBuilder out = new StringBuilder("---");
    if (e.event() != null) {
      out.append(" event: ").append(e.event());
    }
    if (e.id() != null) {
      out.append(" id: ").append(e.id());
    }
    if (e.retry() != null) {
      out.append(" retry: ").append(e.retry());
    }
    out.append('\n');
    if (!e.data().isEmpty()) {
      JsonNode json;
      try {
        json = Json.parse(e.data());
      } catch (RuntimeException notJson) {
        return out.append("data: ").append(norm.text(e.data())).append('\n').toString();
      }
      out.append(norm.message(json)).append('\n');
    }
    return out.toString();
  }

  /** Parses SSE on a virtual thread (WHATWG rules; comments such as heartbeats are skipped). */
  private static BlockingQueue<Object> pump(InputStream in) {
    BlockingQueue<Object> q = new LinkedBlockingQueue<>();
    Thread.ofVirtual().name("golden-sse").start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String id = null;
        String event = null;
        String retry = null;
        StringBuilder data = null;
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isEmpty()) {
            if (data != null || id != null || event != null || retry != null) {
              q.add(new Event(id, event, data == null ? "" : data.toString(), retry));
            }
            id = null;
            event = null;
            retry = null;
            data = null;
            continue;
          }
          if (line.startsWith(":")) {
            continue;
          }
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          value = value.startsWith(" ") ? value.substring(1) : value;
          switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "retry" -> retry = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> { }
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // the connection ended
      } finally {
        q.add(END);
      }
    });
    return q;
  }

  @Override
  public void close() {
    streams.values().forEach(o -> o.connection().close());
    streams.clear();
  }
}
