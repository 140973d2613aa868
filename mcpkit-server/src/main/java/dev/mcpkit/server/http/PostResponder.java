package dev.mcpkit.server.http;

import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcMessage;
import dev.mcpkit.core.protocol.McpHeaders;
import dev.mcpkit.server.transport.Exchange;
import dev.mcpkit.server.transport.InFlight;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.server.Response;

/**
 * The response to one POSTed request. It stays a plain {@code application/json} response unless
 * the handler sends something before its result (progress, a log message, a server-to-client
 * request): then it becomes a {@code text/event-stream} carrying those messages and the result
 * last. Most calls therefore cost one JSON response, and only calls that talk stream.
 *
 * <p>2025 sessions get resumable streams (event ids, buffering, {@code Last-Event-ID}); 2026
 * streams are plain, and a failed write cancels the request, as closing the stream does.
 */
final class PostResponder implements Exchange {

  private final Response response;
  private final HttpSession session; // null for 2026 requests
  private final boolean prime;
  private final int retryMs;
  private final InFlight inFlight;
  private final Map<String, String> headers = new HashMap<>();
  private SseConnection sse;
  private ResumableStream stream;
  private boolean done;

  PostResponder(Response response, HttpSession session, boolean prime, int retryMs, InFlight inFlight) {
    this.response = response;
    this.session = session;
    this.prime = prime;
    this.retryMs = retryMs;
    this.inFlight = inFlight;
  }

  /** Adds a header to the eventual response (e.g. {@code Mcp-Session-Id}). */
  synchronized void header(String name, String value) {
    headers.put(name, value);
  }

  @Override
  public synchronized void send(JsonRpcMessage message) {
    if (done) {
      throw new UncheckedIOException(new IOException("the response is complete"));
    }
    upgrade();
    String json = JsonRpcCodec.writeString(message);
    if (stream != null) {
      stream.send(json);
    } else {
      try {
        sse.event(null, "message", json, null);
      } catch (UncheckedIOException e) {
        inFlight.cancel(); // 2026: a closed stream is a cancellation
        throw e;
      }
    }
  }

  private void upgrade() {
    if (sse != null) {
      return;
    }
    sse = SseConnection.open(response, headers.get(McpHeaders.SESSION_ID));
    headers.forEach((k, v) -> response.getHeaders().put(k, v));
    if (session != null) {
      stream = session.newStream();
      stream.attach(sse, 0, null);
      if (prime) {
        stream.prime(retryMs);
      }
    }
  }

  /** A keep-alive comment once the response is a stream (before that there is nothing to keep). */
  synchronized void heartbeat() {
    if (sse != null && !done) {
      sse.heartbeat();
    }
  }

  /** True once the response became an SSE stream. */
  synchronized boolean isStreaming() {
    return sse != null;
  }

  /**
   * Sends the final message (the result or error) and ends the response.
   *
   * @param status the HTTP status for a plain JSON response (ignored once streaming)
   */
  synchronized void finish(JsonRpcMessage message, int status) {
    done = true;
    if (sse == null) {
      HttpReplies.json(response, status, JsonRpcCodec.write(message), headers);
      return;
    }
    String json = JsonRpcCodec.writeString(message);
    if (stream != null) {
      // The stream stays resumable after it finishes: a write that "succeeded" only reached the
      // kernel, and a client that already dropped the connection never saw it. The session keeps a
      // bounded number of finished streams (HttpSession#newStream); a resumption that delivers
      // the rest drops it (StandaloneStreams).
      stream.send(json);
      stream.finish();
      stream.detach(sse);
    } else {
      try {
        sse.event(null, "message", json, null);
      } catch (UncheckedIOException e) {
        return;
      }
    }
    try {
      sse.end();
    } catch (UncheckedIOException ignored) {
      // the client is gone; a 2025 client can still resume from the buffer
    }
  }

  /** Ends a stream without a final message (a cancelled request). */
  synchronized void abandon() {
    done = true;
    if (sse != null) {
      try {
        sse.end();
      } catch (UncheckedIOException ignored) {
        // gone already
      }
    } else {
      HttpReplies.status(response, 204, headers);
    }
  }
}
