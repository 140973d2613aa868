package dev.mcpkit.server.testing;

import static org.assertj.core.api.Assertions.fail;

import dev.mcpkit.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A Server-Sent Events reader for tests: parses events from a byte stream on a background thread
 * and hands them out in order. Waits are bounded (a safety net against hangs, never an assertion
 * about speed).
 */
public final class SseStream implements AutoCloseable {

  /** One event; {@code data} is {@code ""} for events without data (priming events). */
  public record Event(String id, String event, String data, Integer retry) {

    public JsonNode json() {
      return Json.parse(data);
    }

    /** True for events that carry a JSON-RPC message. */
    public boolean hasData() {
      return !data.isEmpty();
    }
  }

  private static final Event END = new Event(null, null, null, null);
  /** How long a test waits for the next event before failing (hang protection only). */
  public static final long WAIT_SECONDS = 20;

  private final InputStream in;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private volatile boolean ended;

  private SseStream(InputStream in) {
    this.in = in;
  }

  /** Starts reading {@code in} on a virtual thread. */
  public static SseStream reading(InputStream in) {
    SseStream s = new SseStream(in);
    Thread.ofVirtual().name("test-sse-reader").start(s::pump);
    return s;
  }

  /** Parses a complete SSE body. */
  public static List<Event> parse(String body) {
    List<Event> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new StringReader(body))) {
      Parser p = new Parser();
      String line;
      while ((line = r.readLine()) != null) {
        Event e = p.line(line);
        if (e != null) {
          out.add(e);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private void pump() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      Parser p = new Parser();
      String line;
      while ((line = r.readLine()) != null) {
        Event e = p.line(line);
        if (e != null) {
          events.add(e);
        }
      }
    } catch (IOException e) {
      // the connection ended (closed by us or by the server)
    } finally {
      events.add(END);
    }
  }

  /** The next event, whatever it is; fails when the stream ends first. */
  public Event next() {
    Event e = poll();
    if (e == END) {
      ended = true;
      events.add(END);
      fail("the SSE stream ended while an event was expected");
    }
    return e;
  }

  /** The next event that carries data (skips priming events), parsed as JSON. */
  public JsonNode nextMessage() {
    while (true) {
      Event e = next();
      if (e.hasData()) {
        return e.json();
      }
    }
  }

  /** Reads to the end of the stream and returns the data-carrying events' JSON. */
  public List<JsonNode> remainingMessages() {
    List<JsonNode> out = new ArrayList<>();
    while (true) {
      Event e = poll();
      if (e == END) {
        ended = true;
        events.add(END);
        return out;
      }
      if (e.hasData()) {
        out.add(e.json());
      }
    }
  }

  /** True once the server ended the stream and every event was consumed. */
  public boolean hasEnded() {
    return ended;
  }

  private Event poll() {
    try {
      Event e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (e == null) {
        fail("no SSE event within " + WAIT_SECONDS + " s");
      }
      return e;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  /** Closes the connection (for a 2026 stream: cancels the request). */
  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Line-by-line SSE parsing per the WHATWG rules that MCP uses. */
  static final class Parser {
    private String id;
    private String event;
    private Integer retry;
    private StringBuilder data;

    Event line(String line) {
      if (line.isEmpty()) {
        if (data == null && id == null && event == null && retry == null) {
          return null;
        }
        Event e = new Event(id, event, data == null ? "" : data.toString(), retry);
        id = null;
        event = null;
        retry = null;
        data = null;
        return e;
      }
      if (line.startsWith(":")) {
        return null; // comment (keep-alive)
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "id" -> id = value;
        case "event" -> event = value;
        case "retry" -> retry = Integer.valueOf(value);
        case "data" -> {
          if (data == null) {
            data = new StringBuilder(value);
          } else {
            data.append('\n').append(value);
          }
        }
        default -> { }
      }
      return null;
    }
  }
}
