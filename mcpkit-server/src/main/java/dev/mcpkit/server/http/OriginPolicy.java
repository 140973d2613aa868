package dev.mcpkit.server.http;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * DNS-rebinding defence: the Host header must name this server (loopback names, or configured
 * hosts) and a browser's Origin must be a loopback origin or a configured one. A web page on
 * another site that resolves its own name to 127.0.0.1 fails both checks.
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
    return isAllowedOrigin(origin) ? null : "Forbidden: Origin '" + printable(origin) + "' is not allowed";
  }

  boolean isAllowedOrigin(String origin) {
    if (options.allowedOrigins().contains(origin)) {
      return true;
    }
    try {
      URI u = URI.create(origin);
      String scheme = u.getScheme();
      String host = u.getHost();
      return ("http".equals(scheme) || "https".equals(scheme)) && host != null
          && LOOPBACK.contains(host.toLowerCase(Locale.ROOT)) && (u.getPath() == null || u.getPath().isEmpty());
    } catch (IllegalArgumentException e) {
      return false;
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
