package dev.mcpkit.server.http;

import org.eclipse.jetty.util.Callback;

/**
 * The callback of a request whose handler runs on its own thread: completed when the handler
 * returns, unless a stream that stays open took it over ({@link #take()}) to complete it when the
 * stream ends, holding no thread meanwhile (see {@link SseConnection#hold}).
 */
final class Completion {

  private final Callback callback;
  private boolean taken; // the handler's thread only

  Completion(Callback callback) {
    this.callback = callback;
  }

  /** Takes the callback over: the handler's return no longer completes it. */
  Callback take() {
    taken = true;
    return callback;
  }

  /** The handler returned. */
  void succeeded() {
    if (!taken) {
      callback.succeeded();
    }
  }

  /** The handler failed. */
  void failed(Throwable t) {
    if (!taken) {
      callback.failed(t);
    }
  }
}
