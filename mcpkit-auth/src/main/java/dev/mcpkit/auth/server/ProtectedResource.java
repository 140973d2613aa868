package dev.mcpkit.auth.server;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A resource (an MCP server) that tokens can be issued for: the value of the RFC 8707 {@code resource} parameter
 * and of the tokens' {@code aud}.
 *
 * @param uri the canonical URI, e.g. {@code https://mcp.example.com/mcp}; absolute, no fragment
 * @param scopes the scopes this resource understands
 * @param defaultScopes granted when a request names no scope; defaults to every scope
 */
public record ProtectedResource(String uri, List<String> scopes, List<String> defaultScopes) {

  /**
   * Copies the lists; {@code null} scopes mean none, {@code null} default scopes mean every scope.
   *
   * @throws IllegalArgumentException when the URI is not absolute with a host and no fragment, or a default scope
   *     is not among the scopes
   */
  public ProtectedResource {
    Objects.requireNonNull(uri, "uri");
    URI u = URI.create(uri);
    if (!u.isAbsolute() || u.getFragment() != null || u.getHost() == null) {
      throw new IllegalArgumentException("protected resource '" + uri + "' must be an absolute URI without fragment");
    }
    scopes = List.copyOf(scopes == null ? List.of() : scopes);
    defaultScopes = List.copyOf(defaultScopes == null ? scopes : defaultScopes);
    if (!scopes.containsAll(defaultScopes)) {
      throw new IllegalArgumentException("protected resource '" + uri + "': default scopes must be among its scopes");
    }
  }

  /**
   * A resource whose default scopes are all its scopes.
   *
   * @param uri the canonical URI
   * @param scopes the scopes it understands
   * @return the resource
   */
  public static ProtectedResource of(String uri, String... scopes) {
    return new ProtectedResource(uri, List.of(scopes), null);
  }
}
