package dev.mcpkit.auth.resource;

import dev.mcpkit.auth.oauth.Scopes;
import dev.mcpkit.core.json.Json;
import java.io.IOException;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * Validates tokens by asking the authorization server (RFC 7662 token introspection), for opaque tokens or when
 * revocation must take effect quickly. The resource server authenticates as a confidential client ({@code
 * client_secret_basic}); the token is the only thing of the caller's that leaves, and only to the configured
 * endpoint.
 *
 * <p>A token is valid when the answer says {@code active: true}; {@code token_type}, if present, is an access
 * token (so a refresh token cannot be used as one); {@code aud} is exactly the resource; {@code iss}, if present,
 * is a trusted issuer; {@code exp}, if present, is not past; and there is a subject ({@code sub}, else the {@code
 * client_id} of a client-credentials token). Answers are cached under the token's SHA-256 hash, never the token, for
 * {@code cacheTtl} and never past {@code exp}; so a revoked token is refused within {@code cacheTtl}. An endpoint
 * that cannot be reached, or answers anything but 200 with JSON, makes the check fail closed ({@link Unavailable}),
 * and that is never cached.
 */
public final class IntrospectionValidator implements TokenValidator {

  private static final int MAX_DOCUMENT = 64 * 1024;
  /** The latest exp believed (9999-12-31T23:59:59Z): later is no time a token lives, and near Instant's end adding the skew overflows. */
  private static final long MAX_EXP = 253_402_300_799L;

  private final URI endpoint;
  private final String authorization;
  private final Duration cacheTtl;
  private final OperatorHttp http;
  private final ResultCache cache;

  private IntrospectionValidator(Builder b) {
    this.endpoint = b.endpoint;
    this.authorization = "Basic " + Base64.getEncoder().encodeToString((form(b.clientId) + ":" + form(b.clientSecret))
        .getBytes(StandardCharsets.UTF_8));
    this.cacheTtl = b.cacheTtl;
    this.cache = new ResultCache(b.maxEntries);
    this.http = new OperatorHttp(b.timeout);
  }

  /** RFC 6749 §2.3.1: client id and secret are form-encoded before Basic encoding. */
  private static String form(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * @param endpoint the introspection endpoint, as the operator configured it
   * @param clientId the resource server's own client id at the authorization server
   * @param clientSecret its secret
   */
  public static Builder builder(URI endpoint, String clientId, String clientSecret) {
    return new Builder(endpoint, clientId, clientSecret);
  }

  @Override
  public Result validate(String token, Expectations expected) {
    return validate(token, expected, true);
  }

  /**
   * A cached answer (the cache is in this process's memory), or {@code null}: anything else is an introspection call.
   */
  @Override
  public Result validateAtOnce(String token, Expectations expected) {
    return validate(token, expected, false);
  }

  /** @param mayCall whether a token not in the cache is introspected; otherwise it is {@code null} */
  private Result validate(String token, Expectations expected, boolean mayCall) {
    Instant now = expected.clock().instant();
    String key = ResultCache.key(token);
    Result hit = cache.get(key, expected, now);
    if (hit != null) {
      return hit; // never past exp: entries for valid tokens end at exp at the latest
    }
    if (!mayCall) {
      return null;
    }
    OperatorHttp.Reply reply;
    try {
      reply = http.postForm(endpoint, Map.of("token", token, "token_type_hint", "access_token"), authorization,
          MAX_DOCUMENT);
    } catch (IOException e) {
      return new Unavailable("the introspection endpoint could not be reached: " + e.getMessage());
    }
    if (reply.status() != 200) {
      return new Unavailable("the introspection endpoint answered " + reply.status());
    }
    JsonNode answer;
    try {
      answer = Json.parse(reply.body());
    } catch (RuntimeException e) {
      return new Unavailable("the introspection endpoint did not answer JSON");
    }
    if (!answer.isObject()) {
      return new Unavailable("the introspection endpoint did not answer a JSON object");
    }
    Result result = judge(answer, expected, now);
    Instant until = now.plus(cacheTtl);
    if (result instanceof Valid v && v.expiresAt() != null && v.expiresAt().isBefore(until)) {
      until = v.expiresAt();
    }
    cache.put(key, expected, result, until, now);
    return result;
  }

  private static Result judge(JsonNode a, Expectations expected, Instant now) {
    if (!a.path("active").isBoolean() || !a.path("active").asBoolean()) {
      return new Invalid("inactive", "The access token is not active");
    }
    String type = a.path("token_type").asString("");
    if (!type.isEmpty() && !type.equalsIgnoreCase("Bearer") && !type.equalsIgnoreCase("access_token")) {
      return new Invalid("type", "The token is not an access token");
    }
    JsonNode aud = a.path("aud");
    boolean ours = aud.isString() ? aud.asString().equals(expected.audience())
        : aud.isArray() && aud.size() == 1 && aud.get(0).asString("").equals(expected.audience());
    if (!ours) {
      return new Invalid("audience", "The access token was not issued for this resource");
    }
    if (a.has("iss") && !expected.issuers().contains(a.path("iss").asString(""))) {
      return new Invalid("issuer", "The access token was not issued by an authorization server this resource trusts");
    }
    Instant exp = null;
    JsonNode expNode = a.path("exp");
    if (!expNode.isMissingNode() && !expNode.isNull()) {
      // RFC 7662 §2.2: seconds since the epoch. A value that is no such time (a string, an object, 1e400,
      // 2^64) is a malformed answer: the token is refused rather than taken as one that never expires.
      OptionalLong seconds = epochSeconds(expNode);
      if (seconds.isEmpty() || seconds.getAsLong() > MAX_EXP || seconds.getAsLong() < -MAX_EXP) {
        return new Invalid("exp", "The introspection answer has no valid exp for the access token");
      }
      exp = Instant.ofEpochSecond(seconds.getAsLong());
    }
    if (exp != null && exp.plus(expected.skew()).isBefore(now)) {
      return new Invalid("expired", "The access token has expired");
    }
    String clientId = a.path("client_id").isString() ? a.path("client_id").asString() : null;
    String subject = a.path("sub").isString() ? a.path("sub").asString() : clientId;
    if (subject == null || subject.isEmpty()) {
      return new Invalid("subject", "The access token has no subject");
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = a.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Object v = Json.convert(e.getValue(), Object.class);
      if (v != null) {
        claims.put(e.getKey(), v);
      }
    }
    String scope = a.path("scope").isString() ? a.path("scope").asString() : null;
    return Valid.builder()
        .subject(subject)
        .clientId(clientId)
        .scopes(Scopes.parse(scope))
        .claims(claims)
        .expiresAt(exp).build();
  }

  /** A NumericDate (RFC 7519 §2): whole seconds, a fraction rounded down; empty when it is no number or beyond 64 bits. */
  private static OptionalLong epochSeconds(JsonNode n) {
    if (!n.isNumber() || n.isIntegralNumber()) {
      return Json.wholeNumber(n);
    }
    try {
      return OptionalLong.of(n.decimalValue().setScale(0, RoundingMode.FLOOR).longValueExact());
    } catch (ArithmeticException e) {
      return OptionalLong.empty(); // beyond 64 bits
    }
  }

  @Override
  public void close() {
    http.close();
  }

  /** Builds an {@link IntrospectionValidator}. */
  public static final class Builder {
    private final URI endpoint;
    private final String clientId;
    private final String clientSecret;
    private Duration cacheTtl = Duration.ofSeconds(30);
    private int maxEntries = 10_000;
    private Duration timeout = Duration.ofSeconds(5);

    private Builder(URI endpoint, String clientId, String clientSecret) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    }

    /** How long an answer is reused (default 30 s; zero disables the cache): the bound on revocation delay. */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = ttl;
      return this;
    }

    /**
     * @param n how many answers are cached at most (default 10,000)
     * @return this builder
     */
    public Builder maxCacheEntries(int n) {
      this.maxEntries = n;
      return this;
    }

    /**
     * @param timeout connect and answer timeout of each introspection request (default 5 s)
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * @return the validator
     */
    public IntrospectionValidator build() {
      return new IntrospectionValidator(this);
    }
  }
}
