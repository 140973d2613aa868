package dev.mcpkit.server.transport;

import dev.mcpkit.core.jsonrpc.RequestId;

/**
 * A request being handled. The transport cancels it when the client asks ({@code
 * notifications/cancelled}) or goes away (its HTTP stream closes); the handler's thread is then
 * interrupted and no response is sent.
 */
public final class InFlight {

  private final RequestId id;
  private volatile boolean cancelled;
  private volatile Thread thread;

  /** A request with this id, not yet bound to a thread. */
  public InFlight(RequestId id) {
    this.id = id;
  }

  /** The request's id. */
  public RequestId id() {
    return id;
  }

  /** Binds the handling thread, so that cancelling interrupts it. */
  public void bind(Thread t) {
    this.thread = t;
    if (cancelled) {
      t.interrupt();
    }
  }

  /** Unbinds the thread once handling is over, so a late cancel cannot interrupt other work. */
  public void unbind() {
    this.thread = null;
  }

  /** Cancels the request and interrupts its thread, if one is bound. */
  public void cancel() {
    cancelled = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  /** Whether the request was cancelled (its response is then dropped). */
  public boolean isCancelled() {
    return cancelled;
  }
}
