package dev.mcpkit.gateway.internal;

import dev.mcpkit.server.Caller;
import dev.mcpkit.server.RequestContext;
import java.util.Optional;

/**
 * Who a routed request is for, as audit lines name it: the caller's subject (with its OAuth client
 * when that differs), or {@code anonymous} for a request without an authenticated caller. The guard's interceptor runs
 * inside the upstream client, which does not know the downstream caller: {@link #enter} keeps the label for the
 * thread that routes the request and the threads it starts (the relay's and the client's), so the interceptor's audit
 * lines can carry it ({@code AuditLog.callers}).
 */
public final class CallerLabel {

  /** Inherited: the relay runs each upstream request on a thread of its own, started inside {@link #during}. */
  private static final InheritableThreadLocal<String> CURRENT = new InheritableThreadLocal<>();

  private CallerLabel() {}

  /** The label of {@code caller}: {@code alice}, {@code alice via app} (another client), or {@code anonymous}. */
  public static String of(Optional<Caller> caller) {
    if (caller == null || caller.isEmpty()) {
      return "anonymous";
    }
    Caller c = caller.get();
    String subject = c.subject() == null || c.subject().isEmpty() ? null : c.subject();
    if (subject == null) {
      return c.clientId() == null ? "anonymous" : "client " + c.clientId();
    }
    return c.clientId() == null || c.clientId().equals(subject) ? subject : subject + " via " + c.clientId();
  }

  /** The label of the request this thread routes now, or {@code null} outside a routed request (listing, start). */
  public static String current() {
    return CURRENT.get();
  }

  /**
   * Makes {@code ctx}'s caller {@link #current()} for this thread (and the threads it starts) until {@link #leave}
   * with the returned value, which is what was current before.
   */
  static String enter(RequestContext ctx) {
    String before = CURRENT.get();
    CURRENT.set(of(ctx == null ? Optional.empty() : ctx.caller()));
    return before;
  }

  /** Restores what {@link #enter} returned. */
  static void leave(String before) {
    if (before == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(before);
    }
  }
}
