package dev.mcpkit.server.http;

import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.server.Caller;
import java.util.Map;
import java.util.Objects;
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
   *     or a rejection with the status, challenge headers and message to send
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

  /**
   * Authenticates a request now, if that needs no waiting, or says it cannot: the server asks this first, on the
   * Jetty thread that received the request, and calls {@link #authenticate} on the request's own virtual thread only
   * when this returns {@code null}.
   *
   * <p>A non-null answer must be exactly what {@link #authenticate} would answer (same caller, or same status,
   * challenge and message), reached without waiting: no I/O (no key fetch, no introspection call, no store round
   * trip), no lock held for long, no sleep. It also promises that {@link #authorize} for that caller does not wait:
   * a request that needs no other thread (mcpkit's own methods, a tool declared {@link
   * dev.mcpkit.server.ServerTool.Builder#nonBlocking() non-blocking}) is then authorized and served on the Jetty
   * thread without a thread hop. Answer {@code null} whenever deciding might wait (a JWT guard whose token is not in
   * its cache, a revocation check against a remote store). The default, {@code null} for every request, is always
   * safe.
   *
   * @return the decision, or {@code null} when deciding needs a thread that may block
   */
  default Decision tryAuthenticate(Request request) {
    return null;
  }

  /** The guard of a server without one: every request is anonymous, decided at once. */
  RequestGuard ALLOW_ALL = new RequestGuard() {
    @Override
    public Decision authenticate(Request request) {
      return Decision.allow(null);
    }

    @Override
    public Decision tryAuthenticate(Request request) {
      return authenticate(request);
    }
  };

  /** The outcome of a check. */
  sealed interface Decision {

    /** Go ahead, as {@code caller} ({@code null}: anonymous). */
    static Decision allow(Caller caller) {
      return new Allow(caller);
    }

    /**
     * Stop, with this status, challenge headers and message; see {@link Deny}.
     *
     * @param status the HTTP status (401, 403, 503, ...)
     * @param challenge the headers that say how to succeed ({@code WWW-Authenticate}, {@code Retry-After}); may be
     *     empty
     * @param message what the client is told, in plain words
     */
    static Decision deny(int status, Map<String, String> challenge, String message) {
      return new Deny(status, challenge, message);
    }
  }

  /** Go ahead, as this caller. */
  record Allow(Caller caller) implements Decision {}

  /**
   * Stop: answer with this status (401, 403, ...), these challenge headers (e.g. {@code WWW-Authenticate}) and a
   * message. The transport writes the body with {@link ErrorWriter}: a JSON-RPC {@code -32600} error carrying the
   * message (scrubbed there) and, when a JSON-RPC request was refused, that request's id. A guard never writes JSON.
   *
   * @param status the HTTP status
   * @param challenge header names and values sent with the refusal; may be empty
   * @param message what the client is told
   */
  record Deny(int status, Map<String, String> challenge, String message) implements Decision {

    /** Copies the challenge headers and checks that there is a message. */
    public Deny {
      challenge = Map.copyOf(challenge);
      Objects.requireNonNull(message, "message");
    }
  }
}
