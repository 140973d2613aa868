package dev.mcpkit.auth.server.federation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.oauth.TokenResponse;
import dev.mcpkit.auth.server.UpstreamProvider;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.json.JsonErrors;
import dev.mcpkit.store.Store;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.FormRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Fields;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Federated login: an authorization-code flow with PKCE, {@code state} and {@code nonce} against an upstream
 * provider chosen by the operator. The {@code state} is CSPRNG, stored server-side right before the redirect,
 * bound to the browser session, single-use and valid for ten minutes. The authorization response's {@code iss}
 * (RFC 9207) must name the provider the flow was started with, so a response from another provider (a mix-up
 * attack) is refused before its code is sent anywhere. The upstream access token is used once
 * (for the GitHub user API) and then dropped: it is never stored and never reaches any client.
 */
public final class UpstreamLogin implements AutoCloseable {

  /** Who signed in, for which pending authorization request. */
  public record Result(String requestId, String subject, String displayName) {}

  /** A failed federated login; the message is safe to show to the user. */
  public static final class Failed extends RuntimeException {
    /**
     * @param message what went wrong, safe to show to the user
     */
    public Failed(String message) {
      super(message, null, false, false);
    }
  }

  private record Flow(String provider, String requestId, String sessionId, String verifier, String nonce) {}

  /** {@code issParameter}: the provider says it sends {@code iss} in authorization responses (RFC 9207). */
  private record Endpoints(String issuer, URI authorization, URI token, URI userinfo, URI jwks,
      boolean issParameter) {}

  private static final Duration FLOW_TTL = Duration.ofMinutes(10);
  private static final Duration SKEW = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Map<String, UpstreamProvider> providers = new LinkedHashMap<>();
  private final String callbackUri;
  private final Store store;
  private final Clock clock;
  private final HttpClient http;
  private final Map<String, Endpoints> discovered = new ConcurrentHashMap<>();

  /**
   * Starts an HTTP client (no redirects, no cookies) when there is at least one provider.
   *
   * @param providers the providers users may choose
   * @param callbackUri this server's redirect URI registered at every provider
   * @param store where pending flows ({@code state}) are kept
   * @param clock the time for the ID token checks (the store expires pending flows)
   * @throws IllegalStateException when the HTTP client cannot start
   */
  public UpstreamLogin(List<UpstreamProvider> providers, String callbackUri, Store store, Clock clock) {
    providers.forEach(p -> this.providers.put(p.id(), p));
    this.callbackUri = callbackUri;
    this.store = store;
    this.clock = clock;
    this.http = new HttpClient();
    http.setFollowRedirects(false);
    http.setHttpCookieStore(new HttpCookieStore.Empty());
    http.setConnectTimeout(5000);
    http.setIdleTimeout(10000);
    if (!providers.isEmpty()) {
      try {
        http.start();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the HTTP client", e);
      }
    }
  }

  /**
   * @return the providers, in the order given
   */
  public List<UpstreamProvider> providers() {
    return List.copyOf(providers.values());
  }

  /** Starts a login at {@code providerId}; returns the upstream authorization URL to send the browser to. */
  public String start(String providerId, String requestId, String sessionId) {
    UpstreamProvider p = providers.get(providerId);
    if (p == null) {
      throw new Failed("Unknown sign-in provider.");
    }
    Endpoints e = endpoints(p);
    String state = random();
    String verifier = random();
    String nonce = random();
    store.putState("fed:" + state, JSON.writeValueAsString(new Flow(p.id(), requestId, sessionId, verifier, nonce)),
        FLOW_TTL);
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", p.clientId());
    q.put("redirect_uri", callbackUri);
    q.put("scope", p.scopes());
    q.put("state", state);
    q.put("code_challenge", s256(verifier));
    q.put("code_challenge_method", "S256");
    if (p.isOpenId()) {
      q.put("nonce", nonce);
    }
    StringBuilder url = new StringBuilder(e.authorization().toString());
    char sep = url.indexOf("?") < 0 ? '?' : '&';
    for (Map.Entry<String, String> kv : q.entrySet()) {
      url.append(sep).append(enc(kv.getKey())).append('=').append(enc(kv.getValue()));
      sep = '&';
    }
    return url.toString();
  }

  /**
   * Completes a login from the upstream callback parameters ({@code iss} may be null) and the current browser
   * session id.
   */
  public Result finish(String state, String code, String error, String iss, String sessionId) {
    if (state == null) {
      throw new Failed("The sign-in response has no state.");
    }
    Flow f = store.takeState("fed:" + state).map(v -> JSON.readValue(v, Flow.class))
        .orElseThrow(() -> new Failed("The sign-in response is unknown, expired or was already used."));
    if (sessionId == null || !MessageDigest.isEqual(sessionId.getBytes(StandardCharsets.UTF_8),
        f.sessionId().getBytes(StandardCharsets.UTF_8))) {
      throw new Failed("The sign-in response belongs to another browser.");
    }
    UpstreamProvider p = providers.get(f.provider());
    Endpoints e = endpoints(p);
    // RFC 9207: checked for errors too, and before the code goes to this provider's token endpoint. A provider
    // that announces the parameter must send it; any iss that is sent must be this provider's.
    if (e.issuer() != null && (iss != null || e.issParameter()) && !e.issuer().equals(iss)) {
      throw new Failed(iss == null ? "The sign-in response does not name its issuer."
          : "The sign-in response comes from another issuer.");
    }
    if (error != null) {
      throw new Failed("The sign-in provider refused: " + error);
    }
    if (code == null) {
      throw new Failed("The sign-in response has no code.");
    }
    JsonNode token = exchange(p, e, code, f.verifier());
    String upstreamAccessToken = TokenResponse.read(token).accessToken();
    if (p.isOpenId()) {
      JWTClaimsSet claims = validateIdToken(p, e, token.path("id_token").asString(null), f.nonce());
      String name = firstNonNull(str(claims, "name"), str(claims, "preferred_username"), claims.getSubject());
      return new Result(f.requestId(), p.id() + ":" + claims.getSubject(), name);
    }
    if (upstreamAccessToken == null) {
      throw new Failed("The sign-in provider returned no access token.");
    }
    JsonNode user = getJson(e.userinfo(), upstreamAccessToken);
    String id = user.path("id").asString(null);
    if (id == null || id.isEmpty()) {
      throw new Failed("The sign-in provider did not say who you are.");
    }
    return new Result(f.requestId(), p.id() + ":" + id, user.path("login").asString(id));
  }

  private Endpoints endpoints(UpstreamProvider p) {
    return discovered.computeIfAbsent(p.id(), k -> {
      if (!p.isOpenId()) {
        return new Endpoints(null, p.authorizationEndpoint(), p.tokenEndpoint(), p.userinfoEndpoint(), null, false);
      }
      String issuer = p.issuer().toString().replaceAll("/$", "");
      JsonNode d = getJson(URI.create(issuer + "/.well-known/openid-configuration"), null);
      String declared = Json.string(d.get("issuer"));
      if (!p.issuer().toString().equals(declared) && !issuer.equals(declared)) {
        throw new Failed("The sign-in provider's discovery document names another issuer.");
      }
      return new Endpoints(declared,
          p.authorizationEndpoint() != null ? p.authorizationEndpoint() : uri(d, "authorization_endpoint"),
          p.tokenEndpoint() != null ? p.tokenEndpoint() : uri(d, "token_endpoint"),
          p.userinfoEndpoint() != null ? p.userinfoEndpoint() : d.has("userinfo_endpoint")
              ? uri(d, "userinfo_endpoint") : null,
          uri(d, "jwks_uri"), d.path("authorization_response_iss_parameter_supported").asBoolean(false));
    });
  }

  private static URI uri(JsonNode d, String field) {
    String v = Json.string(d.get(field));
    if (v == null) {
      throw new Failed("The sign-in provider's discovery document has no " + field + ".");
    }
    try {
      return new URI(v);
    } catch (URISyntaxException e) {
      throw new Failed("The sign-in provider's discovery document has an invalid " + field + ".");
    }
  }

  private JsonNode exchange(UpstreamProvider p, Endpoints e, String code, String verifier) {
    Fields form = new Fields();
    form.add("grant_type", "authorization_code");
    form.add("code", code);
    form.add("redirect_uri", callbackUri);
    form.add("code_verifier", verifier);
    var request = http.newRequest(e.token()).method("POST").timeout(10, TimeUnit.SECONDS)
        .headers(h -> h.put(HttpHeader.ACCEPT, "application/json"));
    if (p.isOpenId()) {
      String basic = enc(p.clientId()) + ":" + enc(p.clientSecret() == null ? "" : p.clientSecret());
      request.headers(h -> h.put(HttpHeader.AUTHORIZATION,
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8))));
    } else {
      form.add("client_id", p.clientId());
      form.add("client_secret", p.clientSecret() == null ? "" : p.clientSecret());
    }
    request.body(new FormRequestContent(form));
    try {
      ContentResponse r = request.send();
      if (r.getStatus() != 200) {
        throw new Failed("The sign-in provider refused the code (HTTP " + r.getStatus() + ").");
      }
      JsonNode body = readJson(r.getContent());
      if (body.has("error")) {
        String error = Json.string(body.get("error"));
        throw new Failed("The sign-in provider refused the code" + (error == null ? "." : ": " + error));
      }
      return body;
    } catch (Failed f) {
      throw f;
    } catch (Exception ex) {
      throw new Failed("The sign-in provider could not be reached.");
    }
  }

  private JWTClaimsSet validateIdToken(UpstreamProvider p, Endpoints e, String idToken, String nonce) {
    if (idToken == null) {
      throw new Failed("The sign-in provider returned no ID token.");
    }
    try {
      SignedJWT jwt = SignedJWT.parse(idToken);
      JWKSet keys = JWKSet.parse(getJson(e.jwks(), null).toString());
      boolean verified = false;
      for (JWK k : keys.getKeys()) {
        if (jwt.getHeader().getKeyID() != null && !jwt.getHeader().getKeyID().equals(k.getKeyID())) {
          continue;
        }
        Key key = k.getKeyType() == KeyType.RSA ? k.toRSAKey().toRSAPublicKey()
            : k.getKeyType() == KeyType.EC ? k.toECKey().toECPublicKey() : null;
        if (key == null) {
          continue;
        }
        try {
          JWSVerifier v = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), key);
          if (jwt.verify(v)) {
            verified = true;
            break;
          }
        } catch (JOSEException ignored) {
          // another key type or algorithm: try the next key
        }
      }
      if (!verified) {
        throw new Failed("The ID token signature is not valid.");
      }
      JWTClaimsSet c = jwt.getJWTClaimsSet();
      Instant now = clock.instant();
      if (!e.issuer().equals(c.getIssuer())) {
        throw new Failed("The ID token comes from another issuer.");
      }
      if (c.getAudience() == null || !c.getAudience().contains(p.clientId())) {
        throw new Failed("The ID token is for another client.");
      }
      if (c.getExpirationTime() == null || c.getExpirationTime().toInstant().plus(SKEW).isBefore(now)) {
        throw new Failed("The ID token has expired.");
      }
      if (!nonce.equals(str(c, "nonce"))) {
        throw new Failed("The ID token nonce does not match.");
      }
      if (c.getSubject() == null || c.getSubject().isEmpty()) {
        throw new Failed("The ID token has no subject.");
      }
      return c;
    } catch (ParseException | JOSEException ex) {
      throw new Failed("The ID token is not valid.");
    }
  }

  private JsonNode getJson(URI uri, String bearer) {
    try {
      var request = http.newRequest(uri).timeout(10, TimeUnit.SECONDS)
          .headers(h -> h.put(HttpHeader.ACCEPT, "application/json"));
      if (bearer != null) {
        request.headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + bearer));
      }
      ContentResponse r = request.send();
      if (r.getStatus() != 200) {
        throw new Failed("The sign-in provider answered HTTP " + r.getStatus() + ".");
      }
      return readJson(r.getContent());
    } catch (Failed f) {
      throw f;
    } catch (Exception ex) {
      throw new Failed("The sign-in provider could not be reached.");
    }
  }

  /**
   * The provider's answer, read by the core parser like every peer document: a key twice (two
   * {@code issuer}s, two {@code id_token}s) makes it malformed rather than last-wins.
   */
  private static JsonNode readJson(byte[] body) {
    JsonNode n;
    try {
      n = Json.parse(body);
    } catch (JacksonException e) {
      throw new Failed("The sign-in provider's answer is not valid JSON: " + JsonErrors.describe(e) + ".");
    }
    if (n == null || !n.isObject()) {
      throw new Failed("The sign-in provider's answer is not a JSON object.");
    }
    return n;
  }

  private static String str(JWTClaimsSet c, String name) {
    Object v = c.getClaim(name);
    return v instanceof String s ? s : null;
  }

  private static String firstNonNull(String... v) {
    for (String s : v) {
      if (s != null && !s.isBlank()) {
        return s;
      }
    }
    return null;
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      http.stop();
    } catch (Exception ignored) {
      // shutting down
    }
  }
}
