package dev.mcpkit.server.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * A stream that belongs to no request and stays open without a thread: a 2025 GET stream or a
 * legacy {@code /sse} stream. Its handler sets it up and returns; the stream registry's entry (and
 * whatever sends on it: a session, its resumable stream) keeps it, its connection and the request's
 * callback, and nothing of the request it was opened by. It ends when its connection closes, for
 * whatever reason: ended by the server ({@link #end()}: shutdown, idle timeout, the session closed,
 * a resumed request stream delivered in full), cut off (a stalled write, a full queue), or the
 * client went away (seen by the {@link DisconnectWatch} or by a write). Then it runs its kind's
 * clean-up, gives back its slot and completes the callback, once. ({@code subscriptions/listen} streams
 * answer a request: {@link PostResponder#hold} keeps those the same way.)
 */
final class OpenStream implements StreamRegistry.Live {

  private final SseConnection sse;
  private final StreamRegistry streams;
  private StreamRegistry.Entry entry; // guarded by this
  private DisconnectWatch watch; // guarded by this
  private boolean closed; // guarded by this

  private OpenStream(SseConnection sse, StreamRegistry streams) {
    this.sse = sse;
    this.streams = streams;
  }

  /**
   * Opens an SSE response (nothing sent yet) and takes a slot of the client's stream limit; when the
   * client or the server has no slot left, answers 429 or 503 instead and returns {@code null}. The
   * stream kind adds its clean-up with {@link SseConnection#onClose}, then calls {@link #hold}.
   */
  static OpenStream open(Request request, Response response, HttpOptions options, StreamRegistry streams,
      String client) {
    SseConnection sse = SseConnection.open(request, response, options, null);
    OpenStream s = new OpenStream(sse, streams);
    StreamRegistry.Slot slot = streams.acquire(client, s, s::end, false);
    if (slot.entry() == null) {
      response.reset();
      Limits.refuse(response, slot.grant(), streams.quota(), "open streams", null, options);
      return null;
    }
    synchronized (s) {
      s.entry = slot.entry();
    }
    return s;
  }

  SseConnection sse() {
    return sse;
  }

  /**
   * Lets the handler return: from now on the stream completes {@code completion}'s callback when it
   * closes, and a client that closes its connection ends it at once. Call it right after the stream
   * kind added its clean-up: the slot is given back after that clean-up ran.
   */
  void hold(Request request, Completion completion) {
    sse.onClose(this::closed);
    DisconnectWatch w = DisconnectWatch.start(request, this::end);
    synchronized (this) {
      if (!closed) {
        watch = w;
        w = null;
      }
    }
    if (w != null) {
      w.stop(); // closed already: the watch must not outlive the response
    }
    sse.hold(completion.take());
  }

  /** Ends the stream: queues the end of the response; it closes once that is sent. Never blocks. */
  void end() {
    sse.end();
  }

  /** The connection closed: stop watching, give the slot back (before the callback completes). */
  private void closed() {
    StreamRegistry.Entry e;
    DisconnectWatch w;
    synchronized (this) {
      closed = true;
      e = entry;
      w = watch;
      watch = null;
    }
    if (w != null) {
      w.stop();
    }
    streams.release(e);
  }

  @Override
  public void beat() {
    sse.heartbeat();
  }

  @Override
  public long idleNanos() {
    return sse.idleNanos();
  }
}
