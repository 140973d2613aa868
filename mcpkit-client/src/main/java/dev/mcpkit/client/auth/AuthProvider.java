package dev.mcpkit.client.auth;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Supplies credentials for HTTP requests to an MCP server. The client asks for {@link
 * #headers(URI)} before every request and calls {@link #onChallenge(AuthChallenge)} when the
 * server answers 401 or 403; when that returns {@code true}, the request is sent again with fresh
 * headers. A request is re-sent at most {@link #MAX_RETRIES} times (a 401 answered by signing in,
 * then a 403 answered by a step-up, then ...); {@link AuthChallenge#attempt()} says which refusal
 * of the request this is. The OAuth implementation lives in {@code mcpkit-auth}; this SPI keeps the
 * client free of it.
 *
 * <p>Implementations must be thread-safe: requests run concurrently. They must not send
 * credentials anywhere but the endpoint they are asked about (the client never forwards them on
 * redirects: it does not follow redirects).
 */
public interface AuthProvider {

  /** How many times one request is re-sent after challenges, at most. */
  int MAX_RETRIES = 3;

  /** Headers to add to a request to {@code endpoint}, e.g. {@code Authorization}; never {@code null}. */
  Map<String, String> headers(URI endpoint);

  /**
   * Called when the server refused a request with 401 or 403.
   *
   * <p>An implementation may also throw a {@link dev.mcpkit.client.McpAuthorizationException} (or
   * a subclass) that says why it cannot authorize; the request then fails with it.
   *
   * @return {@code true} when new credentials are ready and the request should be sent again;
   *     {@code false} to fail with {@link dev.mcpkit.client.McpAuthorizationException}
   */
  default boolean onChallenge(AuthChallenge challenge) {
    return false;
  }

  /** No credentials (the default). */
  static AuthProvider none() {
    return endpoint -> Map.of();
  }

  /** A fixed bearer token, e.g. one the user passed on the command line. */
  static AuthProvider bearer(String token) {
    Objects.requireNonNull(token, "token");
    Map<String, String> h = Map.of("Authorization", "Bearer " + token);
    return endpoint -> h;
  }
}
