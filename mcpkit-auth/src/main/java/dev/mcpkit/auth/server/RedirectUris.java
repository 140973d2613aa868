package dev.mcpkit.auth.server;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Redirect URI rules. Registration: https, or http on a loopback host (the MCP spec's rule); no fragment, no user
 * information, no wildcard. Matching: exact string comparison, except that a loopback redirect URI matches the same
 * URI with any port (RFC 8252 §7.3), because native clients listen on an ephemeral port. The loopback hosts are
 * {@code 127.0.0.1}, {@code [::1]} and {@code localhost}; each only ever matches itself.
 */
final class RedirectUris {

  private RedirectUris() {}

  /** Why {@code uri} cannot be registered, or {@code null}. */
  static String refusal(String uri) {
    if (uri == null || uri.isBlank()) {
      return "a redirect URI is empty";
    }
    if (uri.contains("*")) {
      return "wildcards are not allowed in redirect URIs";
    }
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      return "redirect URI is not a valid URI";
    }
    if (!u.isAbsolute() || u.getRawFragment() != null || u.getRawUserInfo() != null || u.getHost() == null) {
      return "redirect URI must be absolute, with a host, and without fragment or user information";
    }
    String scheme = u.getScheme().toLowerCase();
    if (scheme.equals("https")) {
      return null;
    }
    if (scheme.equals("http") && isLoopback(uri)) {
      return null;
    }
    return "redirect URI must use https, or http on a loopback host (127.0.0.1, [::1], localhost)";
  }

  static boolean isLoopback(String uri) {
    try {
      URI u = new URI(uri);
      String h = u.getHost();
      return "http".equalsIgnoreCase(u.getScheme()) && h != null
          && (h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("localhost"));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Whether the requested redirect URI is one of the registered ones, by the rules above. */
  static boolean matches(String registered, String requested) {
    if (registered.equals(requested)) {
      return true;
    }
    if (!isLoopback(registered) || !isLoopback(requested)) {
      return false;
    }
    try {
      URI r = new URI(registered);
      URI q = new URI(requested);
      return r.getScheme().equals(q.getScheme())
          && r.getHost().equals(q.getHost())
          && q.getRawUserInfo() == null
          && q.getRawFragment() == null
          && r.getRawPath().equals(q.getRawPath())
          && java.util.Objects.equals(r.getRawQuery(), q.getRawQuery())
          && requested.equals(withPort(registered, r, q.getPort()));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Rebuilds the registered URI with another port, so that the final comparison is on exact strings. */
  private static String withPort(String registered, URI r, int port) {
    String authority = r.getHost() + (port == -1 ? "" : ":" + port);
    String rest = registered.substring(registered.indexOf(r.getRawAuthority()) + r.getRawAuthority().length());
    return r.getScheme() + "://" + authority + rest;
  }
}
