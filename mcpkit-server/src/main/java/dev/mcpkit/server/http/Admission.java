package dev.mcpkit.server.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * What every mcpkit HTTP endpoint checks, in this order, before it looks at a request's method or body: the Host
 * (421, DNS rebinding), the Origin (403), CORS headers for allowed browser origins and the answer to a preflight,
 * then the request guard (its 401/403/503). One piece of code, so that the Streamable HTTP and the legacy SSE
 * endpoints cannot drift apart.
 */
final class Admission {

  private Admission() {}

  /**
   * Runs the checks. Returns the guard's allowance, or {@code null} when the request was answered here (refused, or a
   * CORS preflight) and the endpoint must do nothing more.
   */
  static RequestGuard.Allow admit(Request request, Response response, OriginPolicy origins, RequestGuard guard) {
    return checked(request, response, origins) ? decided(response, guard.authenticate(request)) : null;
  }

  /**
   * The checks before the guard's: Host, Origin, CORS and the preflight. Returns whether the request goes on to the
   * guard ({@code false}: it was answered here). They never wait, so they run on whichever thread received it.
   */
  static boolean checked(Request request, Response response, OriginPolicy origins) {
    HttpReplies.closeUntilBodyRead(request, response);
    String hostProblem = origins.checkHost(request);
    if (hostProblem != null) {
      ErrorWriter.reject(response, 421, hostProblem);
      return false;
    }
    String originProblem = origins.checkOrigin(request);
    if (originProblem != null) {
      ErrorWriter.reject(response, 403, originProblem);
      return false;
    }
    Cors.apply(request, response, origins);
    if (request.getMethod().equals("OPTIONS")) {
      Cors.preflight(response);
      return false;
    }
    return true;
  }

  /**
   * Applies the guard's decision ({@link RequestGuard#authenticate} or {@link RequestGuard#tryAuthenticate}, the
   * same either way): the allowance, or {@code null} after the refusal was written.
   */
  static RequestGuard.Allow decided(Response response, RequestGuard.Decision decision) {
    if (decision instanceof RequestGuard.Deny deny) {
      ErrorWriter.deny(response, deny, null);
      return null;
    }
    return (RequestGuard.Allow) decision;
  }
}
