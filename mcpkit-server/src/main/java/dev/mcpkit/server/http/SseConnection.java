package dev.mcpkit.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * One HTTP response carrying Server-Sent Events. Writes block the calling (virtual) thread until
 * the bytes are handed to the network; a write to a client that is gone fails with an
 * {@link UncheckedIOException} and marks the connection closed.
 */
final class SseConnection {

  private final Response response;
  private volatile boolean closed;

  SseConnection(Response response) {
    this.response = response;
  }

  /** Commits the SSE headers (status 200). */
  static SseConnection open(Response response, String sessionId) {
    response.setStatus(200);
    var h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    h.put(HttpHeader.CACHE_CONTROL, "no-cache, no-transform");
    h.put("X-Accel-Buffering", "no");
    if (sessionId != null) {
      h.put(dev.mcpkit.core.protocol.McpHeaders.SESSION_ID, sessionId);
    }
    return new SseConnection(response);
  }

  /** Writes one event; {@code id} and {@code event} may be null. */
  synchronized void event(String id, String event, String data, Integer retryMs) {
    StringBuilder sb = new StringBuilder(data.length() + 64);
    if (event != null) {
      sb.append("event: ").append(event).append('\n');
    }
    if (id != null) {
      sb.append("id: ").append(id).append('\n');
    }
    if (retryMs != null) {
      sb.append("retry: ").append(retryMs).append('\n');
    }
    // JSON from Jackson has no raw newlines, but a data field must never carry one.
    for (String line : data.split("\n", -1)) {
      sb.append("data: ").append(line).append('\n');
    }
    sb.append('\n');
    write(sb.toString(), false);
  }

  /**
   * Sends the response head now. Clients (browsers' EventSource, the JDK client) report a stream
   * open only once its head arrives; a stream with nothing to send yet must not leave them waiting
   * for the first event or heartbeat.
   */
  synchronized void commit() {
    write("", false);
  }

  /** A comment line: a keep-alive that clients ignore. */
  synchronized void heartbeat() {
    write(":\n\n", false);
  }

  /** Ends the response. */
  synchronized void end() {
    if (!closed) {
      write("", true);
      closed = true;
    }
  }

  boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  private void write(String s, boolean last) {
    if (closed) {
      throw new UncheckedIOException(new IOException("stream closed"));
    }
    try (Blocker.Callback cb = Blocker.callback()) {
      response.write(last, ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)), cb);
      cb.block();
    } catch (IOException e) {
      closed = true;
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      closed = true;
      throw new UncheckedIOException(new IOException("write failed: " + e.getMessage()));
    }
  }
}
