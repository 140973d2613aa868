package dev.mcpkit.client.auth;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Supplies credentials for HTTP requests to an MCP server. The client asks for {@link
 * #headers(URI)} before every request and calls {@link #onChallenge(AuthChallenge)} when the
 * server answers 401 or 403; when that returns {@code true}, the request is sent once more with
 * fresh headers. The OAuth implementation lives in {@code mcpkit-auth}; this SPI keeps the client
 * free of it.
 *
 * <p>Implementations must be thread-safe: requests run concurrently. They must not send
 * credentials anywhere but the endpoint they are asked about (the client never forwards them on
 * redirects: it does not follow redirects).
 */
public interface AuthProvider {

  /** Headers to add to a request to {@code endpoint}, e.g. {@code Authorization}; never {@code null}. */
  Map<String, String> headers(URI endpoint);

  /**
   * Called when the server refused a request with 401 or 403.
   *
   * @return {@code true} when new credentials are ready and the request should be retried once;
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
