package dev.mcpkit.auth.client;

import dev.mcpkit.auth.fetch.AddressPolicy;
import dev.mcpkit.core.net.Hosts;
import dev.mcpkit.core.text.PeerText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The rules for URLs the OAuth client gets from servers (metadata endpoints, the authorization
 * endpoint it opens in a browser) and for matching a protected resource to the MCP server.
 */
final class UrlRules {

  private UrlRules() {}

  /**
   * Parses and checks a URL that a server supplied. Only {@code https}, or {@code http} to a
   * loopback host, and loopback only when {@code loopbackAllowed}; never user information, a
   * fragment, whitespace or control characters, or an IP address spelt in an odd way.
   *
   * @param what what the URL is, for the message ("the token endpoint")
   */
  static URI checkEndpoint(String value, String what, boolean loopbackAllowed) {
    if (value == null || value.isBlank()) {
      throw unsafe(what + " is missing");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`') {
        throw unsafe(what + " contains characters a URL may not have");
      }
    }
    URI u;
    try {
      u = new URI(value);
    } catch (URISyntaxException e) {
      throw unsafe(what + " is not a valid URL");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw unsafe(what + " uses the scheme \"" + PeerText.line(scheme, 20) + ":\"; only https is accepted");
    }
    String host = u.getHost();
    if (host == null || host.isEmpty() || u.getRawUserInfo() != null || u.getRawFragment() != null) {
      throw unsafe(what + " must have a host and no user information or fragment");
    }
    String odd = AddressPolicy.refuseOddLiteral(host);
    if (odd != null) {
      throw unsafe(what + " names its host in a way that is refused (" + odd + ")");
    }
    java.net.InetAddress literal = literal(host);
    if (literal != null && !literal.isLoopbackAddress()) {
      String why = new AddressPolicy(loopbackAllowed).refusal(literal);
      if (why != null) {
        throw unsafe(what + " is on a " + why + " (" + PeerText.line(host, 60) + ")");
      }
    }
    boolean loopback = Hosts.isLoopback(host) || (literal != null && literal.isLoopbackAddress());
    if (scheme.equals("http") && !loopback) {
      throw unsafe(what + " uses plain http on a host that is not loopback; authorization servers must use https");
    }
    if (loopback && !loopbackAllowed) {
      throw unsafe(what + " is on a loopback address, which is only allowed for a server on this machine"
          + " (or with the development switch allowLoopback)");
    }
    return u;
  }

  /** An IP literal host (dotted quad or bracketed IPv6) parsed without DNS, or {@code null}. */
  static java.net.InetAddress literal(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!(h.contains(":") || h.matches("[0-9.]+"))) {
      return null;
    }
    try {
      return java.net.InetAddress.getByName(h);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  private static OAuthException unsafe(String message) {
    return new OAuthException(OAuthException.Reason.UNSAFE_URL, "refused: " + message);
  }

  /** The port, with the scheme's default when absent. */
  static int port(URI u) {
    return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && b.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && b.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
  }

  /**
   * Whether the protected resource named by metadata covers the MCP server URL: same origin (scheme
   * and host compared case-insensitively, default ports made explicit) and its path is the server's
   * path or a path-segment prefix of it. {@code http://h} covers {@code http://h/mcp}; {@code
   * http://h/mcp} covers {@code http://h/mcp} and {@code http://h/mcp/x}, not {@code http://h/mcpx}.
   * A resource with a query or fragment covers nothing.
   */
  static boolean resourceCovers(String resource, URI server) {
    URI r;
    try {
      r = new URI(resource);
    } catch (URISyntaxException | NullPointerException e) {
      return false;
    }
    if (!r.isAbsolute() || r.getRawFragment() != null || r.getRawQuery() != null || r.getRawUserInfo() != null
        || !sameOrigin(r, server)) {
      return false;
    }
    String rp = stripSlash(r.getRawPath());
    String sp = stripSlash(server.getRawPath());
    return rp.isEmpty() || sp.equals(rp) || sp.startsWith(rp + "/");
  }

  private static String stripSlash(String p) {
    if (p == null) {
      return "";
    }
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /**
   * The canonical URI of an MCP server (RFC 8707 §2 as the MCP spec reads it), used as {@code
   * resource} when no protected-resource metadata names one: lower-case scheme and host, no
   * fragment, no lone trailing slash.
   */
  static String canonical(URI server) {
    String scheme = server.getScheme().toLowerCase(Locale.ROOT);
    String host = server.getHost().toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(scheme).append("://").append(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host);
    if (server.getPort() != -1) {
      b.append(':').append(server.getPort());
    }
    String path = server.getRawPath() == null ? "" : server.getRawPath();
    if (!path.equals("/")) {
      b.append(path);
    }
    if (server.getRawQuery() != null) {
      b.append('?').append(server.getRawQuery());
    }
    return b.toString();
  }

  /** The key under which a server's binding is stored: the URL without query or fragment. */
  static String serverKey(URI server) {
    String s = canonical(server);
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q);
  }
}
