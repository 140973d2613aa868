package dev.mcpkit.server.http;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcMessage;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.core.protocol.McpHeaders;
import dev.mcpkit.server.internal.Dispatcher;
import dev.mcpkit.server.transport.Exchange;
import dev.mcpkit.server.transport.InFlight;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The response to one POSTed request. It stays a plain {@code application/json} response unless
 * the handler sends something before its result (progress, a log message, a server-to-client
 * request): then it becomes a {@code text/event-stream} carrying those messages and the result
 * last. Most calls therefore cost one JSON response, and only calls that talk stream.
 *
 * <p>A response that becomes a stream takes a slot of its client's stream limit (or answers 429/503
 * instead when none is left). 2025 sessions get resumable streams (event ids, buffering, {@code
 * Last-Event-ID}); 2026 streams are plain, and a closed or cut-off stream cancels the request.
 *
 * <p>The lock guards this object's state only; writes happen after it is released, and none of them waits for the
 * client: the final one hands the request's callback over ({@link Completion}).
 */
final class PostResponder implements Exchange {

  private final Request request;
  private final Response response;
  private final Era era;
  private final HttpSession session; // null for stateless requests
  private final boolean prime;
  private final HttpOptions options;
  private final InFlight inFlight;
  private final RequestId id;
  private final StreamRegistry streams;
  private final String client;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, String> headers = new HashMap<>();
  private final long created = System.nanoTime();
  private volatile SseConnection sse;
  private ResumableStream stream;
  private StreamRegistry.Entry entry;
  private boolean done;
  private boolean held; // an open request's stream, completed when it closes (hold)
  private final boolean coalesce; // served on an I/O thread: events wait for the result, all go in one write
  private boolean deferred; // coalescing: the stream's writes are held back (SseConnection#defer) until the end

  PostResponder(Request request, Response response, Era era, HttpSession session, boolean prime, HttpOptions options,
      InFlight inFlight, RequestId id, StreamRegistry streams, String client, boolean coalesce) {
    this.request = request;
    this.coalesce = coalesce;
    this.response = response;
    this.era = era;
    this.session = session;
    this.prime = prime;
    this.options = options;
    this.inFlight = inFlight;
    this.id = id;
    this.streams = streams;
    this.client = client;
  }

  /**
   * Takes the stream slot before the request runs (a {@code subscriptions/listen} stream is refused
   * before its subscription starts). Returns the refusing limit, or GRANTED.
   */
  Quota.Grant reserve() {
    lock.lock();
    try {
      StreamRegistry.Slot slot = streams.acquire(client, live(), this::cut, true);
      entry = slot.entry();
      return slot.grant();
    } finally {
      lock.unlock();
    }
  }

  /** Adds a header to the eventual response (e.g. {@code Mcp-Session-Id}). */
  void header(String name, String value) {
    lock.lock();
    try {
      headers.put(name, value);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void send(JsonRpcMessage message) {
    byte[] json = JsonRpcCodec.write(message);
    Quota.Grant refused = null;
    lock.lock();
    try {
      if (done) {
        throw new UncheckedIOException(new IOException("the response is complete"));
      }
      if (sse == null && entry == null) {
        // Streams answering POSTs end with their request, so shutdown lets them finish (endsItself).
        StreamRegistry.Slot slot = streams.acquire(client, live(), this::cut, true);
        entry = slot.entry();
        if (entry == null) {
          refused = slot.grant();
          done = true;
        }
      }
      if (refused == null) {
        upgrade();
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
    } finally {
      lock.unlock();
    }
    if (refused != null) {
      // Not committed yet: the request is answered with the refusal, and its work stops.
      Limits.refuse(response, refused, streams.quota(), "open streams", id, options);
      inFlight.cancel();
      throw new UncheckedIOException(new IOException("over the stream limit"));
    }
  }

  private void upgrade() {
    if (sse != null) {
      return;
    }
    SseConnection c = SseConnection.open(request, response, options, headers.get(McpHeaders.SESSION_ID));
    headers.forEach((k, v) -> response.getHeaders().put(k, v));
    if (coalesce) { // the handler cannot wait, so it ends soon: its events go out with its result
      c.defer();
      deferred = true;
    }
    if (era.resumesStreams()) {
      stream = session.newStream(id);
      stream.attach(c, 0, null);
      if (prime) {
        stream.prime(options.retryMs());
      }
    } else {
      c.onClose(inFlight::cancel); // stateless: a stream cut off (stalled, over its queue) cancels the request
    }
    sse = c;
  }

  /** Ends the stream from outside (found stalled or idle); never blocks. A 2025 client may resume. */
  private void cut() {
    SseConnection c = sse;
    if (c != null) {
      c.abort("stream closed by the server");
    }
    if (!era.resumesStreams()) {
      inFlight.cancel();
    }
  }

  private StreamRegistry.Live live() {
    return new StreamRegistry.Live() {
      @Override
      public void beat() {
        SseConnection c = sse;
        if (c != null) {
          c.heartbeat(); // before the response is a stream there is nothing to keep alive
        }
      }

      @Override
      public long idleNanos() {
        SseConnection c = sse;
        return c != null ? c.idleNanos() : System.nanoTime() - created;
      }
    };
  }

  /**
   * Keeps the response open after the handler returned, holding no thread: a {@code
   * subscriptions/listen} stream, which sends through this exchange until {@code open} ends (its
   * final result, or cancelled: then the stream ends without one). The stream gives its slot back
   * and completes {@code completion}'s callback when its connection closes.
   *
   * @param watch the request's disconnect watch, stopped when the stream closes
   * @return false when the response is not a stream (nothing to hold: the request is cancelled)
   */
  boolean hold(Dispatcher.Open open, DisconnectWatch watch, Completion completion) {
    SseConnection c;
    lock.lock();
    try {
      c = sse;
      held = c != null;
    } finally {
      lock.unlock();
    }
    if (c == null) {
      inFlight.cancel();
      return false;
    }
    c.onClose(() -> {
      if (watch != null) {
        watch.stop();
      }
      release();
    });
    c.hold(completion.take());
    open.whenDone(reply -> {
      if (reply.response() == null) {
        abandon();
      } else {
        finish(reply.response(), reply.httpStatus());
      }
    });
    return true;
  }

  /** True once the response became an SSE stream. */
  boolean isStreaming() {
    return sse != null;
  }

  /**
   * Sends the final message (the result or error) and ends the response.
   *
   * @param status the HTTP status for a plain JSON response (ignored once streaming)
   */
  void finish(JsonRpcMessage message, int status) {
    byte[] json = JsonRpcCodec.write(message);
    SseConnection c;
    Map<String, String> h;
    lock.lock();
    try {
      if (done) {
        return; // answered already (refused over the stream limit)
      }
      done = true;
      c = sse;
      h = Map.copyOf(headers);
      if (c != null) {
        c.batch(() -> { // the final event and the end of the stream in one write
          if (stream != null) {
            // The stream stays resumable after it finishes: a write that "succeeded" only reached the
            // kernel, and a client that already dropped the connection never saw it. The session keeps a
            // bounded number of finished streams (HttpSession#newStream); a resumption that delivers
            // the rest drops it (StandaloneStreams).
            stream.send(json);
            stream.finish();
            stream.detach(c);
          } else {
            try {
              c.event(null, "message", json, null);
            } catch (UncheckedIOException e) {
              // the client is gone
            }
          }
          c.end();
        });
        undefer(c);
      }
    } finally {
      lock.unlock();
    }
    complete(c, () -> HttpReplies.json(response, status, json, h));
  }

  /** Ends a stream without a final message (a cancelled request). */
  void abandon() {
    SseConnection c;
    Map<String, String> h;
    lock.lock();
    try {
      if (done) {
        return;
      }
      done = true;
      c = sse;
      h = Map.copyOf(headers);
      if (stream != null) {
        stream.finish(); // cancelled: a resumption ends after the replay instead of waiting for nothing
      }
      if (c != null) {
        c.end();
        undefer(c);
      }
    } finally {
      lock.unlock();
    }
    complete(c, () -> HttpReplies.status(response, 204, h));
  }

  /** Coalescing: writes everything the handler sent, with the end queued before this. */
  private void undefer(SseConnection c) {
    if (deferred) {
      deferred = false;
      c.undefer();
    }
  }

  /**
   * Outside the lock: the plain reply, or the end of the stream. With a {@link Completion} attached to the response
   * neither waits: the plain reply's write completes the request, and a stream completes it once its end is sent
   * (or it failed, or the stream registry cut it off as stalled), keeping its slot until then. Without one the
   * thread waits for the stream to drain.
   */
  private void complete(SseConnection c, Runnable plainReply) {
    if (held) {
      return; // the stream's close completes it (hold)
    }
    Completion completion = c == null ? null : Completion.of(response);
    if (completion != null) {
      lock.lock();
      try {
        held = true; // the slot is released when the stream closes, not when the handler returns
      } finally {
        lock.unlock();
      }
      c.onClose(this::release);
      c.hold(completion.take());
      return;
    }
    try {
      if (c == null) {
        plainReply.run();
      } else {
        c.awaitSent();
      }
    } finally {
      releaseSlot();
    }
  }

  /** Gives the stream slot back (idempotent); a held stream keeps it until it closes. */
  void releaseSlot() {
    if (!held) {
      release();
    }
  }

  private void release() {
    StreamRegistry.Entry e;
    lock.lock();
    try {
      e = entry;
      entry = null;
    } finally {
      lock.unlock();
    }
    streams.release(e);
  }
}
