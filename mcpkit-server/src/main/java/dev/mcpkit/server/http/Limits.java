package dev.mcpkit.server.http;

import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.server.Caller;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/** Who a client is for the limits, and the one way an over-limit request is answered. */
final class Limits {

  private Limits() {}

  /**
   * The client a request counts against: its principal (subject and OAuth client) when the guard
   * names one, else its remote address. Principals and addresses live in separate name spaces.
   */
  static String clientKey(Caller caller, Request request) {
    if (caller != null && caller.subject() != null) {
      return "principal:" + caller.subject().length() + ":" + caller.subject() + ":" + caller.clientId();
    }
    return "address:" + Request.getRemoteAddr(request);
  }

  /**
   * Answers a refused grant: 429 when the client is over its own limit, 503 when the server is
   * full or a cluster's shared counts do not answer; all with {@code Retry-After} (the housekeeping
   * period, when idle ones are next evicted) and a JSON-RPC error naming the limit.
   */
  static void refuse(Response response, Quota.Grant grant, Quota quota, String what, RequestId id, HttpOptions options) {
    long retry = Math.max(1, (options.heartbeat().toMillis() + 999) / 1000);
    if (grant == Quota.Grant.UNAVAILABLE) {
      // a cluster's shared counts do not answer: refuse rather than let a client exceed its share
      ErrorWriter.reject(response, 503, id, ErrorCodes.INTERNAL_ERROR, "Service unavailable: the cluster's shared "
          + "store does not answer, so " + what + " cannot be counted; retry later",
          Map.of("Retry-After", Long.toString(retry)));
      return;
    }
    boolean client = grant == Quota.Grant.CLIENT_FULL;
    String message = client
        ? "Too many " + what + " for this client (limit " + quota.perClient() + "); close one or retry later"
        : "Server busy: too many " + what + " in total (limit " + quota.total() + "); retry later";
    ErrorWriter.reject(response, client ? 429 : 503, id, ErrorCodes.INVALID_REQUEST, message,
        Map.of("Retry-After", Long.toString(retry)));
  }
}
