package dev.mcpkit.server.http;

import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The callback of a request whose handler may outlive {@code Handler.handle}: completed when the handler returns,
 * unless something took it over ({@link #take()}) to complete it later, holding no thread meanwhile: a stream that
 * stays open (see {@link SseConnection#hold}) or the final write of a complete answer.
 *
 * <p>A request served through an {@link Attached} response, which its completions are attached to, gets asynchronous
 * final writes from {@link HttpReplies} and {@link ErrorWriter}: they hand the callback of the completion that owns it
 * at that moment to {@code response.write(true, ...)}, which completes the request once the bytes are out, so neither
 * a Jetty thread nor a virtual thread waits for a slow client. Without one (the legacy HTTP+SSE endpoint) they block,
 * as its virtual thread may.
 */
final class Completion {

  /**
   * The response a request with completions attached is served through: it knows which completion owns the
   * request's callback now. A field of mcpkit's own rather than a request attribute, which would make Jetty build
   * an attribute map for every request.
   */
  static final class Attached extends Response.Wrapper {

    // Replaced by a hand-over before the next step runs on another thread (a virtual thread's start, or Jetty's
    // demand callback): volatile all the same, as any thread of the request may write its last bytes.
    private volatile Completion current;

    Attached(Request request, Response response) {
      super(request, response);
    }
  }

  private final Callback callback;
  private final Attached response;
  // Set by whichever thread runs the handler's current step (the handler may move from a Jetty thread to a
  // virtual thread, or continue where the body's last bytes arrived): atomic, so that it is taken once.
  private final AtomicBoolean taken = new AtomicBoolean();

  /** A completion of {@code callback} attached to nothing: the final writes block. */
  Completion(Callback callback) {
    this(callback, null);
  }

  /**
   * A completion of {@code callback} attached to {@code response} (may be null): serve the request through that
   * response so that its final writes hand the callback over (see the class comment).
   */
  Completion(Callback callback, Attached response) {
    this.callback = callback;
    this.response = response;
    if (response != null) {
      response.current = this;
    }
  }

  /**
   * Takes the callback over for the request's next step, which runs on another thread (a virtual thread, or the
   * Jetty thread that delivers the rest of the body): the step that calls this no longer completes the request, the
   * returned completion (attached in this one's place) does.
   */
  Completion handOver() {
    return new Completion(take(), response);
  }

  /** The completion that owns the callback of the request {@code response} answers, or {@code null}. */
  static Completion of(Response response) {
    return response instanceof Attached a ? a.current : null;
  }

  /**
   * Takes the callback over: the handler's return no longer completes it. A second take (a write after the answer
   * was written) gets a callback that does nothing: that write fails, as a write after the last one does.
   */
  Callback take() {
    return taken.compareAndSet(false, true) ? callback : Callback.NOOP;
  }

  /** The handler returned. */
  void succeeded() {
    if (taken.compareAndSet(false, true)) {
      callback.succeeded();
    }
  }

  /** The handler failed. */
  void failed(Throwable t) {
    if (taken.compareAndSet(false, true)) {
      callback.failed(t);
    }
  }
}
