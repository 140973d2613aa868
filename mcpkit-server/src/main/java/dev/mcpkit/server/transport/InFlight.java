package dev.mcpkit.server.transport;

import dev.mcpkit.core.jsonrpc.RequestId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A request being handled. The transport cancels it when the client asks ({@code
 * notifications/cancelled}) or goes away (its HTTP stream closes); the handler's thread is then
 * interrupted and no response is sent. A request that stays open without a thread to interrupt (a
 * {@code subscriptions/listen} stream) learns of its cancellation through {@link #onCancel}.
 */
public final class InFlight {

  private static final VarHandle ON_CANCEL;

  static {
    try {
      ON_CANCEL = MethodHandles.lookup().findVarHandle(InFlight.class, "onCancel", Runnable.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final RequestId id;
  private final boolean sharedThread;
  private volatile boolean cancelled;
  private volatile Thread thread;
  @SuppressWarnings("unused") // through ON_CANCEL: taken once, by whichever of cancel() and onCancel() comes second
  private volatile Runnable onCancel;

  /** A request with this id, not yet bound to a thread. */
  public InFlight(RequestId id) {
    this(id, false);
  }

  private InFlight(RequestId id, boolean sharedThread) {
    this.id = id;
    this.sharedThread = sharedThread;
  }

  /**
   * A request handled on a thread it does not own (the server's I/O thread, which serves other connections too):
   * binding is a no-op, so that cancelling never interrupts that thread, and whatever would wait for the client
   * (2025 elicitation, sampling, roots) fails instead ({@link #onSharedThread()}).
   */
  public static InFlight onSharedThread(RequestId id) {
    return new InFlight(id, true);
  }

  /** Whether the request runs on a shared thread, which must never wait (see {@link #onSharedThread(RequestId)}). */
  public boolean onSharedThread() {
    return sharedThread;
  }

  /** The request's id. */
  public RequestId id() {
    return id;
  }

  /** Binds the handling thread, so that cancelling interrupts it. */
  public void bind(Thread t) {
    if (sharedThread) {
      return;
    }
    this.thread = t;
    if (cancelled) {
      t.interrupt();
    }
  }

  /** Unbinds the thread once handling is over, so a late cancel cannot interrupt other work. */
  public void unbind() {
    this.thread = null;
  }

  /** Cancels the request, interrupts its thread, if one is bound, and runs its {@link #onCancel} hook. */
  public void cancel() {
    cancelled = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
    Runnable hook = (Runnable) ON_CANCEL.getAndSet(this, (Runnable) null);
    if (hook != null) {
      hook.run();
    }
  }

  /**
   * Runs {@code hook} once when the request is cancelled, at once if it already is: how a request
   * that stays open without a thread to interrupt (a {@code subscriptions/listen} stream) ends. One
   * hook per request; it must not block.
   */
  public void onCancel(Runnable hook) {
    ON_CANCEL.setVolatile(this, hook);
    if (cancelled) {
      Runnable h = (Runnable) ON_CANCEL.getAndSet(this, (Runnable) null);
      if (h != null) {
        h.run();
      }
    }
  }

  /** Whether the request was cancelled (its response is then dropped). */
  public boolean isCancelled() {
    return cancelled;
  }
}
