package dev.mcpkit.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One HTTP response carrying Server-Sent Events. Writing never waits for the peer: an event is
 * queued and sent asynchronously, so neither the heartbeat thread nor a handler holding a lock ever
 * blocks on one client's socket. The queue is bounded ({@link HttpOptions#maxQueuedBytesPerStream()})
 * and so is the time one write may take ({@link HttpOptions#writeTimeout()}, checked on every
 * heartbeat): a peer that does not read is cut off, and a write after that fails with an
 * {@link UncheckedIOException}, as a write to a client that went away does.
 *
 * <p>A long-lived stream (a GET stream, a legacy {@code /sse} stream, a {@code subscriptions/listen}
 * response) is kept open without a thread: its handler returns and hands the request's callback to
 * {@link #hold}, which completes it once the connection closed, for whatever reason, and every
 * {@link #onClose} hook ran.
 */
final class SseConnection {

  private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOTHING = new byte[0];
  // Every stream sends these: encoded once, copied into each response head as bytes.
  private static final HttpField EVENT_STREAM = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/event-stream");
  private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache, no-transform");
  private static final HttpField NO_BUFFERING = new PreEncodedHttpField("X-Accel-Buffering", "no");
  private static final VarHandle HELD;

  static {
    try {
      HELD = MethodHandles.lookup().findVarHandle(SseConnection.class, "held", Callback.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private record Chunk(byte[] bytes, boolean last) {}

  /** Events ready together are joined into one write up to this size; larger ones are copied no more. */
  private static final int COALESCE_BYTES = 64 * 1024;

  private final Request request;
  private final Response response;
  private final long maxQueued;
  private final long writeTimeoutNanos;
  private final ReentrantLock lock = new ReentrantLock(); // guards the queue only; never held during I/O
  // Made for the first chunk and dropped once drained: most streams idle between events, and an
  // idle stream should hold nothing but its state (bench workload d: thousands of open streams).
  private ArrayDeque<Chunk> queue; // guarded by lock
  private final Flusher flusher = new Flusher();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  // Guarded by lock; made for the first hook. A copy-on-write list copied its array on every add and every remove
  // (a stream's two or three hooks: several arrays per answer); the lock is never held while a hook runs.
  private ArrayList<Runnable> onClose;
  private boolean hooksTaken; // guarded by lock: the closing thread took the hooks, later ones run where added
  @SuppressWarnings("unused") // through HELD: taken once, by whichever of hold() and the close comes second
  private volatile Callback held;
  private volatile boolean hooksRan;
  private long queuedBytes; // including the chunk being written
  private Chunk writing;
  private long writeStarted;
  private boolean endQueued;
  private int batching; // guarded by lock: > 0 while batch() runs, when enqueue leaves the writing to batch()
  private volatile boolean closed;
  private volatile long lastEvent = System.nanoTime();

  private SseConnection(Request request, Response response, HttpOptions options) {
    this.request = request;
    this.response = response;
    this.maxQueued = options.maxQueuedBytesPerStream();
    this.writeTimeoutNanos = options.writeTimeout().toNanos();
  }

  /** Sets the SSE headers (status 200); nothing is sent before the first write or {@link #commit()}. */
  static SseConnection open(Request request, Response response, HttpOptions options, String sessionId) {
    response.setStatus(200);
    var h = response.getHeaders();
    h.put(EVENT_STREAM);
    h.put(NO_CACHE);
    h.put(NO_BUFFERING);
    if (sessionId != null) {
      h.put(dev.mcpkit.core.protocol.McpHeaders.SESSION_ID, sessionId);
    }
    return new SseConnection(request, response, options);
  }

  /**
   * Queues one event; {@code id} and {@code event} may be null. {@code data} is UTF-8 JSON as
   * Jackson wrote it (every character it cannot encode, such as a lone surrogate, escaped).
   */
  void event(String id, String event, byte[] data, Integer retryMs) {
    byte[] framed = SseFrames.event(id, event, data, retryMs);
    lastEvent = System.nanoTime();
    enqueue(framed, false);
  }

  /** An event whose data is plain ASCII text of ours (the legacy endpoint announcement, a priming event). */
  void event(String id, String event, String asciiData, Integer retryMs) {
    event(id, event, asciiData.getBytes(StandardCharsets.US_ASCII), retryMs);
  }

  /**
   * Sends the response head now. Clients (browsers' EventSource, the JDK client) report a stream
   * open only once its head arrives; a stream with nothing to send yet must not leave them waiting
   * for the first event or heartbeat.
   */
  void commit() {
    enqueue(NOTHING, false);
  }

  /**
   * A comment line: a keep-alive that clients ignore. Also where a stalled write is noticed: a
   * write pending longer than the write timeout closes the stream and this throws.
   */
  void heartbeat() {
    boolean stalled;
    boolean busy;
    lock.lock();
    try {
      stalled = writing != null && System.nanoTime() - writeStarted > writeTimeoutNanos;
      busy = writing != null || queue != null; // bytes are moving or waiting: no keep-alive needed
    } finally {
      lock.unlock();
    }
    if (stalled) {
      abort("the client did not read for longer than the write timeout");
      throw closedException();
    }
    if (!busy) {
      enqueue(HEARTBEAT, false);
    }
  }

  /**
   * Runs {@code events} (calls of {@link #event} and {@link #end}) and then writes what they queued
   * together: the final event of an answer and the end of the stream go out in one write (for a
   * chunked response: the event and the terminating chunk), not two. Events queued meanwhile by
   * other threads wait the same short while and keep their order.
   */
  void batch(Runnable events) {
    defer();
    try {
      events.run();
    } finally {
      undefer();
    }
  }

  /**
   * Holds back the writing of what is queued from now on until the matching {@link #undefer()}: a handler that runs
   * on the server's I/O thread sends its events and its result in one write when it is done ({@link #batch} for the
   * rest of a request's life). Calls nest.
   */
  void defer() {
    lock.lock();
    try {
      batching++;
    } finally {
      lock.unlock();
    }
  }

  /** Ends a {@link #defer()}; the last one writes what was queued meanwhile, joined into as few writes as fit. */
  void undefer() {
    lock.lock();
    try {
      batching--;
    } finally {
      lock.unlock();
    }
    flusher.iterate();
  }

  /** Nanoseconds since the last event (heartbeats do not count). */
  long idleNanos() {
    return System.nanoTime() - lastEvent;
  }

  /**
   * Queues the end of the response; {@link #awaitSent()} waits for it, {@link #hold} completes the
   * request after it. Never throws. A stream whose write has stalled past the write timeout is cut
   * off instead: its end would never be sent.
   */
  void end() {
    if (stalled()) {
      abort("the client did not read for longer than the write timeout");
      return;
    }
    try {
      enqueue(NOTHING, true);
    } catch (UncheckedIOException ignored) {
      // closed already: nothing more to send
    }
  }

  /**
   * Waits (on the calling, per-stream thread) until everything queued is sent or the stream
   * failed; a write that stalls past the write timeout closes it. Call after {@link #end()} and
   * before the response's callback is completed, holding no lock.
   */
  void awaitSent() {
    while (true) {
      try {
        done.get(Math.max(1, Math.min(writeTimeoutNanos, 1_000_000_000L)), TimeUnit.NANOSECONDS);
        return;
      } catch (TimeoutException e) {
        if (stalled()) {
          abort("the client did not read for longer than the write timeout");
        }
      } catch (ExecutionException e) {
        return;
      } catch (InterruptedException e) {
        abort("interrupted");
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private boolean stalled() {
    lock.lock();
    try {
      return writing != null && System.nanoTime() - writeStarted > writeTimeoutNanos;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Lets the handler return while the stream stays open: {@code callback} (the request's) is
   * completed once the stream closed, after every {@link #onClose} hook ran (at once if that
   * happened already). Until then the stream holds no thread; whatever references this connection
   * (the stream registry, a session, a subscription) keeps it and the request.
   */
  void hold(Callback callback) {
    HELD.setVolatile(this, callback);
    if (hooksRan) {
      complete();
    }
  }

  private void complete() {
    Callback c = (Callback) HELD.getAndSet(this, (Callback) null);
    if (c != null) {
      // Succeeded even after a failure, as when a handler returns: Jetty finishes or aborts the
      // response as the connection allows.
      c.succeeded();
    }
  }

  /** Runs when the stream closes for any reason (ended, failed, cut off); must not block or take locks. */
  void onClose(Runnable r) {
    lock.lock();
    try {
      if (!hooksTaken) {
        if (onClose == null) {
          onClose = new ArrayList<>(3);
        }
        onClose.add(r);
        return;
      }
    } finally {
      lock.unlock();
    }
    r.run(); // closed already: the closing thread ran the others
  }

  boolean isClosed() {
    return closed;
  }

  /** Closes the stream at once: the queue is dropped and the connection closed. */
  void abort(String reason) {
    IOException cause = new IOException(reason);
    lock.lock();
    try {
      if (closed && done.isDone()) {
        return;
      }
      closed = true;
      queue = null;
    } finally {
      lock.unlock();
    }
    flusher.abort(cause);
    // Closing the connection fails the write in progress, which frees the stream's thread and buffers.
    request.getConnectionMetaData().getConnection().getEndPoint().close(cause);
    finished(cause);
  }

  private void enqueue(byte[] bytes, boolean last) {
    boolean overflow = false;
    boolean deferred;
    lock.lock();
    try {
      if (closed || endQueued) {
        if (last) {
          return;
        }
        throw closedException();
      }
      // Only bytes waiting behind the write in progress count: a message is refused when they have
      // reached the limit. A client that reads is never cut off for the size of one answer; one that
      // does not read is, on the next message once a limit's worth has piled up behind it.
      long waiting = queuedBytes - (writing != null ? writing.bytes().length : 0);
      if (!last && waiting >= maxQueued) {
        overflow = true;
      } else {
        if (queue == null) {
          queue = new ArrayDeque<>(4);
        }
        queue.addLast(new Chunk(bytes, last));
        queuedBytes += bytes.length;
        endQueued = last;
      }
      deferred = batching > 0;
    } finally {
      lock.unlock();
    }
    if (overflow) {
      abort("more than " + maxQueued + " bytes waiting for a client that does not read");
      throw closedException();
    }
    if (!deferred) {
      flusher.iterate();
    }
  }

  private static UncheckedIOException closedException() {
    return new UncheckedIOException(new IOException("stream closed"));
  }

  private void finished(Throwable failure) {
    closed = true;
    boolean first = failure == null ? done.complete(null) : done.completeExceptionally(failure);
    if (first) {
      List<Runnable> hooks;
      lock.lock();
      try {
        hooksTaken = true; // each hook runs once: here, or where it is added from now on (onClose)
        hooks = onClose;
        onClose = null;
      } finally {
        lock.unlock();
      }
      try {
        if (hooks != null) {
          for (Runnable r : hooks) {
            r.run();
          }
        }
      } finally {
        hooksRan = true;
        complete();
      }
    }
  }

  /** Writes the queue one chunk at a time, each write started when the previous one completed. */
  private final class Flusher extends IteratingCallback {
    @Override
    protected Action process() {
      Chunk next;
      lock.lock();
      try {
        if (writing != null) {
          queuedBytes -= writing.bytes().length;
          boolean wasLast = writing.last();
          writing = null;
          if (wasLast) {
            return Action.SUCCEEDED;
          }
        }
        next = queue == null ? null : queue.pollFirst();
        if (next == null) {
          return Action.IDLE;
        }
        if (!queue.isEmpty()) {
          next = coalesce(next, queue);
        }
        if (queue.isEmpty()) {
          queue = null;
        }
        writing = next;
        writeStarted = System.nanoTime();
      } finally {
        lock.unlock();
      }
      response.write(next.last(), ByteBuffer.wrap(next.bytes()), this);
      return Action.SCHEDULED;
    }

    /**
     * Joins {@code first} and the chunks queued behind it into one write (and so one flush) per batch
     * of events that are ready together, instead of one per event, up to {@link #COALESCE_BYTES}; the
     * end of the stream (empty) always joins.
     */
    private static Chunk coalesce(Chunk first, ArrayDeque<Chunk> queue) {
      int n = first.bytes().length;
      int count = 0;
      for (Chunk c : queue) {
        if (c.bytes().length > 0 && n + c.bytes().length > COALESCE_BYTES) {
          break;
        }
        n += c.bytes().length;
        count++;
      }
      if (count == 0) {
        return first;
      }
      byte[] all = new byte[n];
      System.arraycopy(first.bytes(), 0, all, 0, first.bytes().length);
      int at = first.bytes().length;
      boolean last = first.last();
      for (int i = 0; i < count; i++) {
        Chunk c = queue.pollFirst();
        System.arraycopy(c.bytes(), 0, all, at, c.bytes().length);
        at += c.bytes().length;
        last = c.last();
      }
      return new Chunk(all, last);
    }

    @Override
    protected void onCompleteSuccess() {
      finished(null);
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
      lock.lock();
      try {
        queue = null;
      } finally {
        lock.unlock();
      }
      finished(cause);
    }
  }
}
