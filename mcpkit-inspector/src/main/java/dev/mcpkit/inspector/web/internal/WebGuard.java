package dev.mcpkit.inspector.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Who may use the inspector: a request must name the inspector itself as Host (DNS rebinding), come from its own
 * Origin when it carries one (and every POST must carry one: a cross-site form cannot forge it), and hold the
 * session cookie that only the launch token buys. The launch token and the cookie are different secrets: the token is
 * printed once, the cookie never leaves the browser's HttpOnly store.
 */
final class WebGuard {

  static final String COOKIE = "mcpkit-inspector";

  private final String token = secret();
  private final String session = secret();
  private volatile List<String> hosts = List.of();
  private volatile List<String> origins = List.of();

  /** Called once the port is known. */
  void bind(int port) {
    hosts = List.of("127.0.0.1:" + port, "localhost:" + port);
    origins = List.of("http://127.0.0.1:" + port, "http://localhost:" + port);
  }

  String token() {
    return token;
  }

  /** The Set-Cookie value the token is traded for. */
  String sessionCookie() {
    return COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Strict";
  }

  /** Why the request must be refused with 403 before anything else, or {@code null}. */
  String refusal(Request request) {
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
      return "this inspector answers only to 127.0.0.1 and localhost on its own port (Host header refused)";
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
      return "requests from another origin are refused";
    }
    boolean safe = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
    if (!safe && origin == null) {
      return "a request that changes state must carry the inspector's Origin";
    }
    String site = request.getHeaders().get("Sec-Fetch-Site");
    // the one exception: the authorization server sends the browser back to the sign-in's redirect URI from its own
    // site (a top-level GET); that request is taken only with the waiting sign-in's state (RedirectEndpoint)
    boolean callback = request.getMethod().equals("GET") && WebApp.CALLBACK.equals(request.getHttpURI().getPath());
    if (site != null && site.equals("cross-site") && !callback) {
      return "cross-site requests are refused";
    }
    return null;
  }

  /** Whether the query holds the launch token. */
  boolean hasToken(String presented) {
    return presented != null && equal(presented, token);
  }

  /** Whether the request holds the session cookie. */
  boolean hasSession(Request request) {
    for (HttpCookie c : Request.getCookies(request)) {
      if (c.getName().equals(COOKIE) && equal(c.getValue(), session)) {
        return true;
      }
    }
    return false;
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String secret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
