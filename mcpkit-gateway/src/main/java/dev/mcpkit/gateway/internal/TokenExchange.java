package dev.mcpkit.gateway.internal;

import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.oauth.WellKnown;
import dev.mcpkit.auth.resource.SubjectToken;
import dev.mcpkit.client.McpAuthorizationException;
import dev.mcpkit.client.auth.AuthChallenge;
import dev.mcpkit.client.auth.AuthProvider;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.Caller;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The {@code token_exchange} credential strategy: each caller's session of the upstream presents a token that the
 * upstream's authorization server (named in the upstream's protected-resource metadata, RFC 9728) issued for that
 * caller in exchange for the caller's own token (RFC 8693: {@code subject_token} the caller's token, {@code resource}
 * the upstream, RFC 8707), authenticated as the gateway's own client ({@code client_secret_basic}). The caller's
 * token comes from the guard's {@link SubjectToken} (the gateway turns delegation on for this strategy only), goes to
 * that token endpoint only, and is never sent upstream. An exchanged token is kept per caller (in that caller's
 * session, never the shared connection) until shortly before it expires, and exchanged again after a 401. The shared
 * connection (listing, list changes) uses the gateway's own client-credentials token.
 */
final class TokenExchange implements PerCaller, AutoCloseable {

  static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

  private final String url;
  private final String basicAuth;
  private final String scope;
  private final OAuthClient shared;
  /** The client of the token endpoint: made on the first exchange, closed with this strategy. */
  private HttpClient http;
  private boolean closed;
  /** The token endpoint and the resource, found on first use (the upstream may be down at load). */
  private volatile Target target;

  private record Target(URI tokenEndpoint, String issuer, String resource) {}

  TokenExchange(String url, String clientId, String clientSecret, Set<String> scopes, OAuthClient shared) {
    this.url = url;
    this.basicAuth = "Basic " + Base64.getEncoder().encodeToString((form(clientId) + ":" + form(clientSecret))
        .getBytes(StandardCharsets.UTF_8));
    this.scope = scopes.isEmpty() ? null : String.join(" ", new java.util.TreeSet<>(scopes));
    this.shared = shared;
  }

  @Override
  public Map<String, String> headers(URI endpoint) {
    return shared.headers(endpoint);
  }

  @Override
  public boolean onChallenge(AuthChallenge challenge) {
    return shared.onChallenge(challenge);
  }

  @Override
  public AuthProvider forCaller(Supplier<Caller> caller) {
    return new Delegated(caller);
  }

  /** One caller's exchanged token, in that caller's session. */
  private final class Delegated implements AuthProvider {
    private final Supplier<Caller> caller;
    private final ReentrantLock lock = new ReentrantLock();
    private String token;
    private long renewAt;

    Delegated(Supplier<Caller> caller) {
      this.caller = caller;
    }

    @Override
    public Map<String, String> headers(URI endpoint) {
      lock.lock(); // one exchange at a time per caller; other callers are not held up
      try {
        if (token == null || System.nanoTime() - renewAt >= 0) {
          exchange();
        }
        return Map.of("Authorization", "Bearer " + token);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean onChallenge(AuthChallenge challenge) {
      if (challenge.status() != 401 || challenge.attempt() > 1) {
        return false;
      }
      lock.lock();
      try {
        token = null; // revoked or expired early: exchange the caller's current token again
      } finally {
        lock.unlock();
      }
      return true;
    }

    private void exchange() {
      Caller c = caller.get();
      SubjectToken subject = SubjectToken.of(c).orElseThrow(() -> refused("this request carries no caller token to"
          + " exchange (the gateway's protection was built without delegation)"));
      Target t = target();
      Map<String, String> params = new LinkedHashMap<>();
      params.put("grant_type", GRANT);
      params.put("subject_token", subject.reveal());
      params.put("subject_token_type", ACCESS_TOKEN);
      params.put("resource", t.resource());
      if (scope != null) {
        params.put("scope", scope);
      }
      HttpResponse<String> r;
      try {
        r = http().send(HttpRequest.newBuilder(t.tokenEndpoint()).timeout(Duration.ofSeconds(10))
            .header("Authorization", basicAuth).header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(params.entrySet().stream()
                .map(e -> form(e.getKey()) + "=" + form(e.getValue())).collect(Collectors.joining("&"))))
            .build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw refused("its authorization server " + t.issuer() + " cannot be reached");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw refused("interrupted while exchanging the caller's token");
      }
      JsonNode body;
      try {
        body = r.body().isBlank() ? Json.object() : Json.parse(r.body());
      } catch (RuntimeException e) {
        body = Json.object();
      }
      if (r.statusCode() != 200 || !body.path("access_token").isString()) {
        String error = body.path("error").asString("HTTP " + r.statusCode());
        String why = body.path("error_description").asString("");
        throw refused("its authorization server " + t.issuer() + " refused to exchange this caller's token: "
            + dev.mcpkit.core.text.PeerText.line(error + (why.isEmpty() ? "" : " (" + why + ")"), 300));
      }
      token = body.get("access_token").asString();
      long ttl = body.path("expires_in").asLong(300);
      // renew a little before it expires: a tenth of its life, at most 30 s, so a request never carries a stale one
      long margin = Math.min(30, Math.max(1, ttl / 10));
      renewAt = System.nanoTime() + Duration.ofSeconds(Math.max(0, ttl - margin)).toNanos();
    }
  }

  private synchronized HttpClient http() {
    if (closed) {
      throw refused("the gateway is closing");
    }
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER)
          .build();
    }
    return http;
  }

  /** Ends the token endpoint's client and the shared connection's OAuth client (their threads and connections). */
  @Override
  public synchronized void close() {
    closed = true;
    if (http != null) {
      http.shutdownNow(); // an exchange still under way fails; the gateway is closing or dropped this upstream
    }
    shared.close();
  }

  /** The token endpoint from the upstream's metadata, cached once found. */
  private Target target() {
    Target t = target;
    if (t != null) {
      return t;
    }
    URI upstream = URI.create(url);
    JsonNode prm = OAuthCredentials.fetch(WellKnown.protectedResourceCandidates(upstream));
    if (prm == null || !prm.path("authorization_servers").isArray() || prm.path("authorization_servers").isEmpty()) {
      throw refused("its protected-resource metadata names no authorization server");
    }
    String issuer = prm.path("authorization_servers").get(0).asString();
    JsonNode as = OAuthCredentials.fetch(WellKnown.authorizationServerCandidates(URI.create(issuer)));
    if (as == null || !as.path("token_endpoint").isString()) {
      throw refused("its authorization server " + issuer + " publishes no token endpoint");
    }
    t = new Target(URI.create(as.get("token_endpoint").asString()), issuer, prm.path("resource").asString(url));
    target = t;
    return t;
  }

  private static McpAuthorizationException refused(String why) {
    return new McpAuthorizationException("no token on behalf of this caller: " + why, 401, java.util.List.of());
  }

  private static String form(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
