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
 * <p>A completion {@linkplain #attach attached} to its request makes the final writes of {@link HttpReplies} and
 * {@link ErrorWriter} asynchronous: they hand the callback to {@code response.write(true, ...)}, which completes the
 * request once the bytes are out, so neither a Jetty thread nor a virtual thread waits for a slow client. Without
 * one (the legacy HTTP+SSE endpoint) they block, as its virtual thread may.
 */
final class Completion {

  private static final String ATTRIBUTE = Completion.class.getName();

  private final Callback callback;
  // Set by whichever thread runs the handler's current step (the handler may move from a Jetty thread to a
  // virtual thread, or continue where the body's last bytes arrived): atomic, so that it is taken once.
  private final AtomicBoolean taken = new AtomicBoolean();

  Completion(Callback callback) {
    this.callback = callback;
  }

  /** Makes this the completion the final writes for {@code request} hand its callback to (see the class comment). */
  Completion attach(Request request) {
    request.setAttribute(ATTRIBUTE, this);
    return this;
  }

  /**
   * Takes the callback over for the request's next step, which runs on another thread (a virtual thread, or the
   * Jetty thread that delivers the rest of the body): the step that calls this no longer completes the request, the
   * returned completion (attached in this one's place) does.
   */
  Completion handOver(Request request) {
    return new Completion(take()).attach(request);
  }

  /** The completion attached to the response's request, or {@code null}. */
  static Completion of(Response response) {
    return (Completion) response.getRequest().getAttribute(ATTRIBUTE);
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
