package dev.mcpkit.auth.client;

import dev.mcpkit.auth.server.testing.LoopbackJetty;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/**
 * A scriptable HTTP peer on 127.0.0.1 playing a protected resource, an authorization server, or
 * both: each route answers what the test says, and every request is recorded (a canary: tests assert
 * which endpoints were never touched). {@link #honest()} scripts the standard, well-behaved setup.
 */
final class FakePeer implements AutoCloseable {

  /** A request as received. */
  record Seen(String method, String path, Map<String, String> query, Map<String, String> form, String authorization,
      String body) {}

  /** An answer. */
  record Reply(int status, Map<String, String> headers, String body) {
    static Reply json(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "application/json"), body);
    }

    static Reply redirect(String location) {
      return new Reply(302, Map.of("Location", location), "");
    }
  }

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Map<String, Function<Seen, Reply>> routes = new ConcurrentHashMap<>();
  private final Server server;
  final String url;

  FakePeer() {
    server = LoopbackJetty.start(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        Map<String, String> query = parse(request.getHttpURI().getQuery());
        String type = request.getHeaders().get("Content-Type");
        Map<String, String> form = type != null && type.startsWith("application/x-www-form-urlencoded") ? parse(body) : Map.of();
        Seen s = new Seen(request.getMethod(), Request.getPathInContext(request), query, form,
            request.getHeaders().get("Authorization"), body);
        seen.add(s);
        Function<Seen, Reply> route = routes.get(s.method() + " " + s.path());
        Reply r = route == null ? Reply.json(404, "{\"error\":\"not_found\"}") : route.apply(s);
        response.setStatus(r.status());
        r.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        response.write(true, ByteBuffer.wrap(r.body().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
      }
    });
    url = "http://127.0.0.1:" + LoopbackJetty.port(server);
  }

  static Map<String, String> parse(String q) {
    Map<String, String> m = new LinkedHashMap<>();
    if (q == null || q.isEmpty()) {
      return m;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      m.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  FakePeer route(String method, String path, Function<Seen, Reply> answer) {
    routes.put(method + " " + path, answer);
    return this;
  }

  FakePeer remove(String method, String path) {
    routes.remove(method + " " + path);
    return this;
  }

  URI mcp() {
    return URI.create(url + "/mcp");
  }

  /** Requests to {@code path} (any method). */
  List<Seen> to(String path) {
    List<Seen> out = new ArrayList<>();
    for (Seen s : seen) {
      if (s.path().equals(path)) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The well-behaved setup on one origin: PRM at the path-aware well-known URL naming {@code
   * <url>/mcp} and this origin as the authorization server; RFC 8414 metadata (S256, iss
   * supported, DCR, revocation); {@code /authorize} redirects straight back with a code, the state
   * and {@code iss} (no person needed); {@code /token} issues {@code tok-N} with a refresh token
   * {@code ref-N}; {@code /register} issues a public client.
   */
  FakePeer honest() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.json(200,
        "{\"resource\":\"" + url + "/mcp\",\"authorization_servers\":[\"" + url + "\"],\"scopes_supported\":[\"read\"]}"));
    route("GET", "/.well-known/oauth-authorization-server", s -> Reply.json(200, asMetadata(url, "")));
    route("GET", "/authorize", s -> Reply.redirect(s.query().get("redirect_uri") + "?code=code-" + n.incrementAndGet()
        + "&state=" + enc(s.query().get("state")) + "&iss=" + enc(url)));
    route("POST", "/token", s -> {
      int i = n.incrementAndGet();
      String scope = s.form().getOrDefault("scope", "");
      return Reply.json(200, "{\"access_token\":\"tok-" + i + "\",\"token_type\":\"Bearer\",\"expires_in\":600,"
          + "\"refresh_token\":\"ref-" + i + "\"" + (scope.isEmpty() ? "" : ",\"scope\":\"" + scope + "\"") + "}");
    });
    route("POST", "/register", s -> Reply.json(201, "{\"client_id\":\"dcr-client\",\"token_endpoint_auth_method\":\"none\"}"));
    route("POST", "/revoke", s -> Reply.json(200, "{}"));
    return this;
  }

  /** RFC 8414 metadata for {@code issuer} with endpoints on {@code base}, plus extra JSON members. */
  static String asMetadata(String issuer, String extra) {
    return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\""
        + issuer + "/token\",\"registration_endpoint\":\"" + issuer + "/register\",\"revocation_endpoint\":\"" + issuer
        + "/revoke\",\"response_types_supported\":[\"code\"],\"code_challenge_methods_supported\":[\"S256\"],"
        + "\"authorization_response_iss_parameter_supported\":true,\"token_endpoint_auth_methods_supported\":[\"none\"]"
        + extra + "}";
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception ignored) {
      // test teardown
    }
  }
}
