package dev.mcpkit.server.http;

import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.server.Caller;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Request;

/**
 * Authenticates and authorizes HTTP requests to an MCP endpoint. mcpkit-server knows nothing of
 * OAuth; the resource-server guard of mcpkit-auth implements this interface. Without a guard,
 * every request is anonymous.
 */
public interface RequestGuard {

  /**
   * Authenticates a request, before its body is read.
   *
   * @return {@link Decision#allow(Caller)} (the caller may be {@code null} for anonymous access)
   *     or a rejection with the status, headers and body to send
   */
  Decision authenticate(Request request);

  /**
   * Authorizes one JSON-RPC request of an authenticated caller, before it is dispatched. Called for every
   * JSON-RPC request on every HTTP transport (Streamable HTTP in both eras, each member of a JSON-RPC batch, legacy
   * HTTP+SSE messages); notifications and responses are not requests and are not passed here.
   *
   * <p>The default allows everything: a guard that does not check scopes ignores them.
   *
   * @param caller what {@link #authenticate} established (may be {@code null} for anonymous access)
   * @param requiredScopes every scope the request needs, as {@link
   *     dev.mcpkit.server.McpServer#requiredScopes(JsonRpcRequest)} computes it (server-wide scopes plus the
   *     tool's, prompt's or resource's); a guard that refuses should name them all in one challenge, so that a
   *     client can step up once. For a JSON-RPC batch, the union over all of its requests
   * @return {@link Decision#allow(Caller)}, or a rejection (for example 403 {@code insufficient_scope})
   */
  default Decision authorize(Caller caller, JsonRpcRequest request, Set<String> requiredScopes) {
    return Decision.allow(caller);
  }

  /** The outcome of a check. */
  sealed interface Decision {

    static Decision allow(Caller caller) {
      return new Allow(caller);
    }

    static Decision deny(int status, Map<String, String> headers, String jsonBody) {
      return new Deny(status, headers, jsonBody);
    }
  }

  /** Go ahead, as this caller. */
  record Allow(Caller caller) implements Decision {}

  /**
   * Stop: answer with this status (401, 403, ...), headers (e.g. {@code WWW-Authenticate}) and
   * JSON body.
   */
  record Deny(int status, Map<String, String> headers, String jsonBody) implements Decision {

    public Deny {
      headers = Map.copyOf(headers);
    }
  }
}
