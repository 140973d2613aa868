package dev.mcpkit.server.http;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * DNS-rebinding and cross-site defence: the Host header must name this server (loopback names, or
 * configured hosts), and a browser's Origin must be the server's own origin or one on the
 * allow-list ({@link HttpOptions#allowedOrigins()}). The own origin is the scheme, host and port the
 * request was sent to (its Host header), a loopback name standing for any other at the same port. A
 * page on another site that resolves its own name to 127.0.0.1 fails both checks, and so does a page
 * served from another local port ({@code http://localhost:3000} calling a server on 8080): a
 * different port is a different origin, and local development servers are not to be trusted
 * implicitly.
 */
final class OriginPolicy {

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final HttpOptions options;

  OriginPolicy(HttpOptions options) {
    this.options = options;
  }

  /** The rejection message for a foreign Host, or {@code null} when the host is acceptable. */
  String checkHost(Request request) {
    if (!options.checkHosts()) {
      return null;
    }
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (host == null || host.isBlank()) {
      return "Misdirected request: missing Host header";
    }
    String name = hostName(host);
    if (LOOPBACK.contains(name) || options.allowedHosts().contains(name) || options.allowedHosts().contains(host.toLowerCase(Locale.ROOT))) {
      return null;
    }
    return "Misdirected request: Host '" + printable(host) + "' is not served here";
  }

  /** The rejection message for a foreign Origin, or {@code null} when acceptable or absent. */
  String checkOrigin(Request request) {
    java.util.List<String> all = request.getHeaders().getValuesList(HttpHeader.ORIGIN);
    if (all.isEmpty()) {
      return null;
    }
    if (all.size() > 1) {
      // Never let the first of several decide: a proxy or browser quirk could put the real one last.
      return "Forbidden: more than one Origin header";
    }
    String origin = all.getFirst();
    return isAllowedOrigin(origin, request) ? null : "Forbidden: Origin '" + printable(origin) + "' is not allowed"
        + " (only the server's own origin and configured origins are)";
  }

  /** Whether an Origin is the server's own (as this request addressed it) or on the allow-list. */
  boolean isAllowedOrigin(String origin, Request request) {
    if (options.allowedOrigins().contains(origin)) {
      return true;
    }
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (host == null) {
      return false;
    }
    try {
      URI u = URI.create(origin);
      String scheme = u.getScheme();
      String originHost = u.getHost();
      if (!("http".equals(scheme) || "https".equals(scheme)) || originHost == null
          || !(u.getRawPath() == null || u.getRawPath().isEmpty()) || u.getRawUserInfo() != null
          || u.getRawQuery() != null || u.getRawFragment() != null) {
        return false;
      }
      int defaultPort = "https".equals(scheme) ? 443 : 80;
      int originPort = u.getPort() < 0 ? defaultPort : u.getPort();
      int hostPort = portOf(host, defaultPort);
      if (hostPort != originPort) {
        return false;
      }
      String a = originHost.toLowerCase(Locale.ROOT);
      String b = hostName(host);
      return a.equals(b) || LOOPBACK.contains(a) && LOOPBACK.contains(b);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The port of a Host header value, or {@code otherwise} when it names none. */
  private static int portOf(String hostHeader, int otherwise) {
    String h = hostHeader.trim();
    int colon = h.lastIndexOf(':');
    if (colon < 0 || h.lastIndexOf(']') > colon || (!h.startsWith("[") && h.indexOf(':') != colon)) {
      return otherwise;
    }
    try {
      return Integer.parseInt(h.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The host part of a Host header value, lower-case, IPv6 literals kept in brackets. */
  static String hostName(String hostHeader) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 ? h.substring(0, end + 1) : h;
    }
    int colon = h.lastIndexOf(':');
    return colon >= 0 && h.indexOf(':') == colon ? h.substring(0, colon) : h;
  }

  /** Header values are echoed in error messages: keep them short and printable. */
  static String printable(String s) {
    String t = s.replaceAll("[^\\x20-\\x7e]", "?");
    return t.length() > 100 ? t.substring(0, 100) + "..." : t;
  }
}
