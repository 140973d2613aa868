package dev.mcpkit.auth.resource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.fetch.FetchException;
import dev.mcpkit.auth.fetch.SafeFetcher;
import dev.mcpkit.auth.oauth.Scopes;
import dev.mcpkit.auth.oauth.WellKnown;
import dev.mcpkit.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Validates RFC 9068 JWT access tokens locally, with the authorization server's public keys.
 *
 * <p>A token is valid when: it is a compact JWS signed with ES256 or RS256 (never {@code none}, never an HMAC, so
 * a public key can never be used as a shared secret); its {@code typ} header is {@code at+jwt} (or {@code
 * application/at+jwt}), so an ID token is refused; {@code iss} is one of the trusted authorization servers, exactly;
 * the signature verifies with a key from that server's JWKS (keys embedded in or pointed to by the token, {@code
 * jwk}, {@code jku}, {@code x5u}, {@code x5c}, are never used); {@code aud} is exactly the resource; {@code exp} is
 * present and not past, {@code nbf} and {@code iat} are not in the future (each with the guard's skew); {@code sub}
 * is present.
 *
 * <p>Keys come from {@link Builder#jwks(String, URI)} when the operator configured the JWKS URL, else from the
 * {@code jwks_uri} of the issuer's RFC 8414 metadata ({@code /.well-known/oauth-authorization-server} inserted
 * before the issuer's path, its {@code issuer} checked to be exactly the issuer). A discovered {@code jwks_uri} was
 * not chosen by the operator, so it is fetched with {@link SafeFetcher} (https only, no redirects, no
 * special-purpose addresses); the metadata URL and configured JWKS URLs are fetched without an address policy,
 * since the operator chose them. See {@link Jwks} for caching and rotation.
 *
 * <p>An ECDSA or RSA signature check costs far more than the rest of an MCP request, so an accepted token is
 * remembered, under its SHA-256 hash and the expectations it met, for {@link Builder#cacheTtl} and never past its
 * {@code exp}; refused tokens are always checked again.
 */
public final class JwtValidator implements TokenValidator {

  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);
  private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
  private static final int MAX_DOCUMENT = 64 * 1024;

  private final Map<String, URI> configured;
  private final SafeFetcher givenFetcher;
  /** Made on first discovery only: a validator with configured JWKS URLs never needs it. */
  private SafeFetcher ownFetcher;
  private final OperatorHttp http;
  private final Duration minRefetch;
  private final Duration maxAge;
  private final Map<String, Jwks> byIssuer = new ConcurrentHashMap<>();
  private final Duration cacheTtl;
  private final ResultCache accepted;
  private final Revocations revocations;
  private final java.util.concurrent.atomic.AtomicLong verifications = new java.util.concurrent.atomic.AtomicLong();

  private JwtValidator(Builder b) {
    this.configured = Map.copyOf(b.configured);
    this.givenFetcher = b.fetcher;
    this.http = new OperatorHttp(b.timeout);
    this.minRefetch = b.minRefetch;
    this.maxAge = b.maxAge;
    this.cacheTtl = b.cacheTtl;
    this.accepted = new ResultCache(b.maxEntries);
    this.revocations = b.revocations;
  }

  /**
   * @return a builder; issuers given no JWKS URL with {@link Builder#jwks} have theirs discovered
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Result validate(String token, Expectations expected) {
    return validate(token, expected, true);
  }

  /**
   * A cached acceptance, still checked against the revocation feed, when that feed (if any) answers at once. A token
   * not in the cache is {@code null}: checking it may need a JWKS fetch (an unknown {@code kid}), and even with the
   * key at hand its signature costs more than the rest of a request, so it is checked on the request's own thread.
   * A cached entry never outlives the token's {@code exp}, so an expired token is never answered here.
   */
  @Override
  public Result validateAtOnce(String token, Expectations expected) {
    if (revocations != null && !revocations.answersAtOnce()) {
      return null;
    }
    return validate(token, expected, false);
  }

  /** @param mayWait whether a token not in the cache is checked here; otherwise it is {@code null} */
  private Result validate(String token, Expectations expected, boolean mayWait) {
    Instant now = expected.clock().instant();
    if (cacheTtl.isZero()) {
      return mayWait ? notRevoked(null, check(token, expected, now)) : null;
    }
    String key = ResultCache.key(token);
    Result hit = accepted.get(key, expected, now);
    if (hit != null) {
      return notRevoked(key, hit);
    }
    if (!mayWait) {
      return null;
    }
    Result result = check(token, expected, now);
    if (result instanceof Valid v) {
      Instant until = now.plus(cacheTtl);
      accepted.put(key, expected, v, v.expiresAt().isBefore(until) ? v.expiresAt() : until, now);
    }
    return notRevoked(key, result);
  }

  /** The revocation feed is asked on every request, cache hit or not: the cache saves signatures, not trust. */
  private Result notRevoked(String key, Result result) {
    if (revocations != null && result instanceof Valid v && revocations.isRevoked(v)) {
      accepted.remove(key);
      return new Invalid("revoked", "The access token has been revoked");
    }
    return result;
  }

  private Result check(String token, Expectations expected, Instant now) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      return new Invalid("malformed", "The access token is not a signed JWT");
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!ALGORITHMS.contains(alg)) {
      return new Invalid("algorithm", "The access token's signing algorithm is not accepted (ES256 or RS256)");
    }
    if (!isAccessTokenType(jwt.getHeader().getType())) {
      return new Invalid("type", "The token is not a JWT access token (typ must be at+jwt)");
    }
    String issuer = claims.getIssuer();
    if (issuer == null || !expected.issuers().contains(issuer)) {
      return new Invalid("issuer", "The access token was not issued by an authorization server this resource trusts");
    }
    Jwks keys = byIssuer.computeIfAbsent(issuer, this::jwksFor);
    JWK key;
    switch (keys.find(jwt.getHeader().getKeyID(), alg, now)) {
      case Jwks.Found f -> key = f.key();
      case Jwks.NotFound n -> {
        return new Invalid("unknown_key", "The access token's signing key is not one of the authorization server's");
      }
      case Jwks.Unavailable u -> {
        return new Unavailable(u.reason());
      }
    }
    verifications.incrementAndGet();
    try {
      JWSVerifier verifier = alg.equals(JWSAlgorithm.ES256) ? new ECDSAVerifier(key.toECKey())
          : new RSASSAVerifier(key.toRSAKey());
      if (!jwt.verify(verifier)) {
        return new Invalid("signature", "The access token's signature is not valid");
      }
    } catch (JOSEException | RuntimeException e) {
      return new Invalid("signature", "The access token's signature is not valid");
    }
    return checkClaims(claims, expected, now);
  }

  /** RFC 9068 §4: {@code at+jwt}, or the full media type; media types compare case-insensitively. */
  private static boolean isAccessTokenType(JOSEObjectType typ) {
    if (typ == null) {
      return false;
    }
    String t = typ.getType().toLowerCase(java.util.Locale.ROOT);
    return t.equals(AT_JWT.getType()) || t.equals("application/at+jwt");
  }

  private static Result checkClaims(JWTClaimsSet c, Expectations expected, Instant now) {
    Duration skew = expected.skew();
    Date exp = c.getExpirationTime();
    if (exp == null) {
      return new Invalid("expired", "The access token has no expiry");
    }
    if (exp.toInstant().plus(skew).isBefore(now)) {
      return new Invalid("expired", "The access token has expired");
    }
    if (isFuture(c.getNotBeforeTime(), now, skew) || isFuture(c.getIssueTime(), now, skew)) {
      return new Invalid("not_yet_valid", "The access token is not valid yet");
    }
    List<String> aud = c.getAudience();
    if (aud == null || aud.size() != 1 || !aud.getFirst().equals(expected.audience())) {
      return new Invalid("audience", "The access token was not issued for this resource");
    }
    String subject = c.getSubject();
    if (subject == null || subject.isEmpty()) {
      return new Invalid("subject", "The access token has no subject");
    }
    String scope;
    String clientId;
    try {
      scope = c.getStringClaim("scope");
      clientId = c.getStringClaim("client_id");
    } catch (ParseException e) {
      return new Invalid("malformed", "The access token's scope or client_id claim is not a string");
    }
    return Valid.builder()
        .subject(subject)
        .clientId(clientId)
        .scopes(Scopes.parse(scope))
        .claims(withoutNulls(c.toJSONObject()))
        .expiresAt(exp.toInstant()).build();
  }

  private static boolean isFuture(Date d, Instant now, Duration skew) {
    return d != null && d.toInstant().isAfter(now.plus(skew));
  }

  static Map<String, Object> withoutNulls(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (k != null && v != null) {
        out.put(k, v);
      }
    });
    return out;
  }

  private Jwks jwksFor(String issuer) {
    URI uri = configured.get(issuer);
    Jwks.Source source = uri == null ? () -> discover(issuer) : () -> {
      OperatorHttp.Reply r = http.get(uri, MAX_DOCUMENT);
      return parse(r.body(), r.status());
    };
    return new Jwks(source, minRefetch, maxAge);
  }

  /** RFC 8414 discovery: the metadata URL derives from the (configured) issuer; its jwks_uri is fetched safely. */
  private JWKSet discover(String issuer) throws IOException {
    URI metadata = WellKnown.authorizationServer(URI.create(issuer));
    OperatorHttp.Reply r = http.get(metadata, MAX_DOCUMENT);
    if (r.status() != 200) {
      throw new IOException("authorization server metadata answered " + r.status());
    }
    JsonNode doc;
    try {
      doc = Json.parse(r.body());
    } catch (RuntimeException e) {
      throw new IOException("authorization server metadata is not JSON");
    }
    if (!issuer.equals(doc.path("issuer").asString(""))) {
      throw new IOException("authorization server metadata names another issuer");
    }
    String jwksUri = doc.path("jwks_uri").asString("");
    if (jwksUri.isEmpty()) {
      throw new IOException("authorization server metadata has no jwks_uri");
    }
    try {
      SafeFetcher.Result keys = fetcher().get(URI.create(jwksUri), MAX_DOCUMENT);
      return parse(keys.body(), keys.status());
    } catch (FetchException e) {
      throw new IOException("jwks_uri refused or failed: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new IOException("jwks_uri is not a URL");
    }
  }

  private synchronized SafeFetcher fetcher() {
    if (givenFetcher != null) {
      return givenFetcher;
    }
    if (ownFetcher == null) {
      ownFetcher = SafeFetcher.defaults();
    }
    return ownFetcher;
  }

  private static JWKSet parse(byte[] body, int status) throws IOException {
    if (status != 200) {
      throw new IOException("the JWKS answered " + status);
    }
    try {
      return JWKSet.parse(new String(body, StandardCharsets.UTF_8));
    } catch (ParseException e) {
      throw new IOException("the JWKS is not a JWK set");
    }
  }

  /** How many signatures were verified (for tests of the cache). */
  long verifications() {
    return verifications.get();
  }

  /** How many JWKS fetches were attempted for an issuer (for tests of the refetch limit). */
  int fetches(String issuer) {
    Jwks j = byIssuer.get(issuer);
    return j == null ? 0 : j.fetches();
  }

  @Override
  public void close() {
    http.close();
    synchronized (this) {
      if (ownFetcher != null) {
        ownFetcher.close();
      }
    }
  }

  /** Builds a {@link JwtValidator}. */
  public static final class Builder {
    private final Map<String, URI> configured = new HashMap<>();
    private SafeFetcher fetcher;
    private Duration timeout = Duration.ofSeconds(5);
    private Duration minRefetch = Duration.ofSeconds(10);
    private Duration maxAge = Duration.ofHours(1);
    private Duration cacheTtl = Duration.ofMinutes(5);
    private int maxEntries = 10_000;
    private Revocations revocations;

    private Builder() {}

    /**
     * A revocation feed asked for every accepted token, cached or not (default: none; then a revoked token is
     * accepted until its {@code exp}, see the README). With mcpkit's authorization server in the same process or
     * sharing its store, pass {@code new StoreRevocations(store, issuer)}.
     */
    public Builder revocations(Revocations revocations) {
      this.revocations = revocations;
      return this;
    }

    /** The JWKS URL of one issuer, as the operator configured it; issuers without one are discovered. */
    public Builder jwks(String issuer, URI jwksUri) {
      configured.put(Objects.requireNonNull(issuer), Objects.requireNonNull(jwksUri));
      return this;
    }

    /** The fetcher for discovered {@code jwks_uri}s (default: {@link SafeFetcher#defaults()}, public https). */
    public Builder fetcher(SafeFetcher fetcher) {
      this.fetcher = fetcher;
      return this;
    }

    /** Connect plus total time of one fetch (default 5 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * The least time between two JWKS fetches (default 10 s): an unknown {@code kid} triggers a fetch, but no more
     * often than this.
     */
    public Builder minRefetchInterval(Duration d) {
      this.minRefetch = d;
      return this;
    }

    /** How long a fetched JWKS is used before it is fetched again (default 1 hour). */
    public Builder maxAge(Duration d) {
      this.maxAge = d;
      return this;
    }

    /**
     * How long an accepted token is remembered (default 5 minutes, never past its {@code exp}; zero disables), so
     * that a client reusing its token costs one signature check per period instead of one per request. A key
     * withdrawn from the JWKS stops being trusted for cached tokens after this time.
     */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = Objects.requireNonNull(ttl);
      return this;
    }

    /** How many accepted tokens are remembered at most (default 10,000). */
    public Builder maxCacheEntries(int n) {
      this.maxEntries = n;
      return this;
    }

    /**
     * @return the validator
     */
    public JwtValidator build() {
      return new JwtValidator(this);
    }
  }
}
