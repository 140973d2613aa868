package dev.mcpkit.server.http;

import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.server.Caller;
import java.util.Map;
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
   * Authorizes one JSON-RPC request of an authenticated caller (for example, per-tool scopes).
   * The default allows everything.
   */
  default Decision authorize(Caller caller, JsonRpcRequest request) {
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
