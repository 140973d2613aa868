package dev.mcpkit.auth.resource;

import dev.mcpkit.auth.events.SecurityEvents;
import dev.mcpkit.auth.oauth.ProtectedResourceMetadata;
import dev.mcpkit.auth.oauth.Scopes;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.http.RequestGuard;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;

/**
 * Makes an mcpkit server an OAuth 2.1 protected resource (MCP authorization, RFC 9728, RFC 6750): every request
 * needs a valid bearer token issued for this resource, and every JSON-RPC request needs the scopes its operation
 * declares.
 *
 * <pre>{@code
 * ResourceServerGuard guard = ResourceServerGuard.builder("https://mcp.example.com/mcp")
 *     .authorizationServers("https://auth.example.com")
 *     .scopesSupported("mcp:read", "mcp:write")
 *     .baseScopes("mcp:read")
 *     .validator(JwtValidator.builder().build())      // keys from the AS's metadata; or IntrospectionValidator
 *     .build();
 * McpHttpServer.builder(server).guard(guard).handler(guard.metadataHandler()).build().start();
 * }</pre>
 *
 * <p>Answers: no bearer token → 401 {@code WWW-Authenticate: Bearer resource_metadata="…", scope="<base scopes>"};
 * a token that is not valid → 401 with {@code error="invalid_token"} and an {@code error_description}; a token
 * without every scope the request needs → 403 {@code error="insufficient_scope"} naming all of them; a validator
 * that cannot reach the authorization server → 503 (fail closed); two {@code Authorization} headers → 400. Tokens are
 * only read from the {@code Authorization} header (never the query or a form body), never logged, never echoed,
 * and never sent anywhere but to the configured introspection endpoint. The {@link Caller} handlers see holds the
 * subject, client id, effective scopes and claims, never the token, so a handler cannot pass it through; only a
 * guard built with {@link Builder#delegation(boolean)} adds it, as an opaque {@link SubjectToken}.
 */
public final class ResourceServerGuard implements RequestGuard, AutoCloseable {

  private static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";
  private static final int MAX_TOKEN = 16 * 1024;
  private static final String BEARER = "Bearer";
  /** The characters of an RFC 6750 §2.1 b64token before its trailing "=" padding. */
  private static final boolean[] B64TOKEN_CHARS = new boolean[128];

  static {
    for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/".toCharArray()) {
      B64TOKEN_CHARS[c] = true;
    }
  }

  private final String resource;
  private final List<String> authorizationServers;
  private final Set<String> scopesSupported;
  private final Set<String> baseScopes;
  private final Map<String, Set<String>> implies;
  private final TokenValidator validator;
  /** The main resource first, then those added with {@link Builder#endpoint}. */
  private final List<Endpoint> endpoints;
  private final URI metadataUrl;
  private final MetadataHandler metadataHandler;
  private final boolean delegation;

  /**
   * One protected resource of this server: its identifier (the audience its tokens carry), the request paths it
   * covers (empty for the main resource: every path no other endpoint claims) and its RFC 9728 metadata URL, which
   * inserts the well-known prefix before the resource's path so each resource has its own document.
   */
  private record Endpoint(String resource, Set<String> paths, URI metadataUrl,
      TokenValidator.Expectations expectations) {}

  private ResourceServerGuard(Builder b, URI resourceUri) {
    this.resource = b.resource;
    this.authorizationServers = List.copyOf(b.authorizationServers);
    this.scopesSupported = Set.copyOf(b.scopesSupported);
    this.baseScopes = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.baseScopes));
    this.implies = Map.copyOf(b.implies);
    this.validator = b.validator;
    this.delegation = b.delegation;
    List<Endpoint> all = new ArrayList<>();
    Map<String, String> documents = new LinkedHashMap<>();
    all.add(endpoint(b, resource, resourceUri, Set.of(), documents));
    b.endpoints.forEach((r, paths) -> all.add(endpoint(b, r, URI.create(r), paths, documents)));
    this.endpoints = List.copyOf(all);
    this.metadataUrl = endpoints.getFirst().metadataUrl();
    if (b.rootMetadata) {
      documents.put(WELL_KNOWN, documents.get(metadataUrl.getRawPath()));
    }
    this.metadataHandler = new MetadataHandler(documents);
  }

  private Endpoint endpoint(Builder b, String id, URI uri, Set<String> paths, Map<String, String> documents) {
    String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
    String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority();
    var doc = new ProtectedResourceMetadata(id, List.copyOf(authorizationServers),
        b.scopesSupported.isEmpty() ? null : List.copyOf(b.scopesSupported), List.of("header"), b.resourceName);
    documents.put(WELL_KNOWN + path, Json.write(doc));
    return new Endpoint(id, Set.copyOf(paths), URI.create(origin + WELL_KNOWN + path),
        new TokenValidator.Expectations(id, Set.copyOf(authorizationServers), b.clock, b.skew));
  }

  /** The endpoint that covers a request path: one added for that path, otherwise the main resource. */
  private Endpoint endpointFor(String path) {
    for (int i = 1; i < endpoints.size(); i++) {
      if (endpoints.get(i).paths().contains(path)) {
        return endpoints.get(i);
      }
    }
    return endpoints.getFirst();
  }

  /** The endpoint whose resource the caller's token was issued for (its {@code aud}), for the 403 challenge. */
  private Endpoint endpointFor(Caller caller) {
    Object aud = caller == null ? null : caller.claims().get("aud");
    for (Endpoint e : endpoints) {
      if (e.resource().equals(aud) || (aud instanceof java.util.Collection<?> c && c.contains(e.resource()))) {
        return e;
      }
    }
    return endpoints.getFirst();
  }

  /**
   * @param resource the canonical URI of the MCP endpoint, exactly as the authorization server puts it in {@code
   *     aud} (e.g. {@code https://mcp.example.com/mcp}): http(s), a host, no fragment, query or user information
   */
  public static Builder builder(String resource) {
    return new Builder(resource);
  }

  /** The canonical resource URI. */
  public String resource() {
    return resource;
  }

  /** The absolute URL of the metadata document ({@code resource_metadata} in challenges). */
  public URI metadataUrl() {
    return metadataUrl;
  }

  /**
   * The Jetty handler that serves the metadata document at {@code /.well-known/oauth-protected-resource<path>} (and
   * at the root form too, unless {@link Builder#rootMetadata(boolean)} turned it off); it declines every other
   * path. Mount it next to the MCP endpoint, e.g. with {@code McpHttpServer.Builder.handler(...)}.
   */
  public Handler metadataHandler() {
    return metadataHandler;
  }

  @Override
  public Decision authenticate(Request request) {
    return authenticate(request, true);
  }

  /**
   * Decides at once when the validator can ({@link TokenValidator#validateAtOnce}: a cached check, a revocation feed
   * in memory) and so do the header checks, which never wait; {@code null} otherwise. The same code as {@link
   * #authenticate}, so every refusal is the same. {@link #authorize} only compares scopes: it never waits.
   */
  @Override
  public Decision tryAuthenticate(Request request) {
    return authenticate(request, false);
  }

  /** @param mayWait whether the validator may wait (fetch keys, introspect, ask a store); otherwise {@code null} */
  private Decision authenticate(Request request, boolean mayWait) {
    List<String> values = request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION);
    Endpoint endpoint = endpointFor(Request.getPathInContext(request));
    String metadataUrl = endpoint.metadataUrl().toString();
    if (values.size() > 1) {
      SecurityEvents.log("token_rejected", "reason", "several_authorization_headers", "addr",
          Request.getRemoteAddr(request));
      return deny(400, new Challenge().with("error", "invalid_request")
          .with("error_description", "Send one Authorization header").with("resource_metadata", metadataUrl),
          "Bad request: more than one Authorization header");
    }
    String value = values.isEmpty() ? null : values.getFirst().strip();
    int space = value == null ? -1 : value.indexOf(' ');
    if (space != BEARER.length() || !value.regionMatches(true, 0, BEARER, 0, space)) {
      // RFC 6750 §3.1: a request without credentials gets a challenge with no error code.
      return deny(401, new Challenge().with("resource_metadata", metadataUrl)
          .with("scope", String.join(" ", baseScopes)), "Unauthorized: this server needs a bearer token");
    }
    String token = value.substring(space + 1).strip();
    if (token.length() > MAX_TOKEN || !isB64Token(token)) {
      return invalid("malformed", "The bearer token is malformed", request, metadataUrl);
    }
    TokenValidator.Result result = mayWait ? validator.validate(token, endpoint.expectations())
        : validator.validateAtOnce(token, endpoint.expectations());
    if (result == null) {
      return null;
    }
    return switch (result) {
      case TokenValidator.Valid v -> allow(v, token);
      case TokenValidator.Invalid i -> invalid(i.reason(), i.description(), request, metadataUrl);
      case TokenValidator.Unavailable u -> {
        SecurityEvents.log("token_unverifiable", "reason", u.reason(), "addr", Request.getRemoteAddr(request));
        yield Decision.deny(503, Map.of("Retry-After", "5"),
            "Service unavailable: the access token cannot be checked right now; try again shortly");
      }
    };
  }

  /**
   * Lets {@code v}'s caller in. A validator answers a cached token with the same {@link TokenValidator.Valid} each
   * time, after its own expiry and revocation checks, so the decision made for it the first time is kept on it and
   * handed out again: a request reusing a token builds no {@link Caller} (no scope expansion, no copies). The caller
   * is immutable; with delegation the kept one is reused only when it holds this very token, in case a validator
   * answers several tokens with one {@code Valid}.
   */
  private Decision allow(TokenValidator.Valid v, String token) {
    if (v.derived(this) instanceof Allow kept && (!delegation
        || (kept.caller().claims().get(SubjectToken.CLAIM) instanceof SubjectToken t && t.reveal().equals(token)))) {
      return kept;
    }
    Decision made = Decision.allow(new Caller(v.subject(), v.clientId(), Scopes.expand(v.scopes(), implies),
        claims(v.claims(), token)));
    v.derive(this, made);
    return made;
  }

  /**
   * The token's claims, with the {@link SubjectToken} when delegation is on; a claim of that name from the token
   * itself is dropped either way, so only this guard can put one there.
   */
  private Map<String, Object> claims(Map<String, Object> claims, String token) {
    if (!delegation && !claims.containsKey(SubjectToken.CLAIM)) {
      return claims;
    }
    Map<String, Object> out = new LinkedHashMap<>(claims);
    out.remove(SubjectToken.CLAIM);
    if (delegation) {
      out.put(SubjectToken.CLAIM, new SubjectToken(token));
    }
    return out;
  }

  /**
   * RFC 6750 §2.1 {@code b64token}: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. A loop,
   * not a regular expression: tokens are hundreds of characters long and this runs on every request.
   */
  static boolean isB64Token(String s) {
    int n = s.length();
    while (n > 0 && s.charAt(n - 1) == '=') {
      n--;
    }
    if (n == 0) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 128 || !B64TOKEN_CHARS[c]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Decision authorize(Caller caller, JsonRpcRequest request, Set<String> requiredScopes) {
    if (caller == null) {
      return deny(401, new Challenge().with("resource_metadata", endpointFor(caller).metadataUrl().toString())
          .with("scope", String.join(" ", baseScopes)), "Unauthorized: this server needs a bearer token");
    }
    if (caller.scopes().containsAll(requiredScopes)) {
      return Decision.allow(caller);
    }
    List<String> missing = new ArrayList<>();
    for (String s : requiredScopes) {
      if (!caller.hasScope(s)) {
        missing.add(s);
      }
    }
    String metadataUrl = endpointFor(caller).metadataUrl().toString();
    String needed = String.join(" ", requiredScopes);
    SecurityEvents.log("insufficient_scope", "sub", caller.subject(), "client_id", caller.clientId(),
        "method", request.method(), "name", nameOf(request), "required", needed, "missing", String.join(" ", missing));
    // All the scopes of the operation in one challenge, so a client steps up once (MCP 2026-07-28).
    return deny(403, new Challenge().with("error", "insufficient_scope").with("scope", needed)
        .with("resource_metadata", metadataUrl)
        .with("error_description", "This request needs the scopes: " + needed),
        "Forbidden: this request needs the scopes " + needed + " (missing: " + String.join(" ", missing) + ")");
  }

  private static String nameOf(JsonRpcRequest r) {
    if (r.params() == null) {
      return null;
    }
    String name = r.params().path("name").asString(null);
    return name != null ? name : r.params().path("uri").asString(null);
  }

  /** The client's address is only read for a refusal's log line: an allowed request never needs it. */
  private Decision invalid(String reason, String description, Request request, String metadataUrl) {
    SecurityEvents.log("token_rejected", "reason", reason, "addr", Request.getRemoteAddr(request));
    return deny(401, new Challenge().with("error", "invalid_token").with("error_description", description)
        .with("resource_metadata", metadataUrl).with("scope", String.join(" ", baseScopes)),
        "Unauthorized: " + description);
  }

  /**
   * A refusal with its {@code WWW-Authenticate} challenge and a message; the transport writes the body (a JSON-RPC
   * error answering the refused request's id) with mcpkit-server's {@code ErrorWriter}.
   */
  private static Decision deny(int status, Challenge challenge, String message) {
    return Decision.deny(status, Map.of("WWW-Authenticate", challenge.header()), message);
  }

  /** Closes the validator's HTTP clients. */
  @Override
  public void close() {
    validator.close();
  }

  /** Builds a {@link ResourceServerGuard}. */
  public static final class Builder {
    private final String resource;
    private final List<String> authorizationServers = new ArrayList<>();
    private final List<String> scopesSupported = new ArrayList<>();
    private final List<String> baseScopes = new ArrayList<>();
    private final Map<String, Set<String>> implies = new LinkedHashMap<>();
    private TokenValidator validator;
    private Clock clock = Clock.systemUTC();
    private Duration skew = Duration.ofSeconds(30);
    private boolean rootMetadata = true;
    private boolean delegation;
    private String resourceName;
    private final Map<String, Set<String>> endpoints = new LinkedHashMap<>();

    private Builder(String resource) {
      this.resource = Objects.requireNonNull(resource, "resource");
    }

    /**
     * The authorization servers (issuer identifiers) whose tokens this resource accepts; listed in the metadata.
     * At least one is required.
     */
    public Builder authorizationServers(String... issuers) {
      for (String i : issuers) {
        URI u = URI.create(i);
        if (!u.isAbsolute() || u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null) {
          throw new IllegalArgumentException("an authorization server must be an issuer URL without query or "
              + "fragment: " + i);
        }
        authorizationServers.add(i);
      }
      return this;
    }

    /**
     * {@code scopes_supported} of the metadata: the scopes a client may ask for (keep it minimal). {@code
     * offline_access} is refused: refresh tokens are not a resource requirement (MCP 2026-07-28).
     */
    public Builder scopesSupported(String... scopes) {
      for (String s : scopes) {
        if (Scopes.check(s).equals("offline_access")) {
          throw new IllegalArgumentException("a resource server does not list offline_access");
        }
        scopesSupported.add(s);
      }
      return this;
    }

    /** The scopes a client should ask for first, named in the 401 challenge (usually what listing needs). */
    public Builder baseScopes(String... scopes) {
      for (String s : scopes) {
        baseScopes.add(Scopes.check(s));
      }
      return this;
    }

    /**
     * A scope hierarchy: a token with {@code broader} also counts as having each of {@code narrower} (and what
     * they imply in turn). The caller's {@link Caller#scopes()} holds the effective scopes.
     */
    public Builder scopeImplies(String broader, String... narrower) {
      Set<String> n = implies.computeIfAbsent(Scopes.check(broader), k -> new LinkedHashSet<>());
      for (String s : narrower) {
        n.add(Scopes.check(s));
      }
      return this;
    }

    /** How tokens are checked: {@link JwtValidator} or {@link IntrospectionValidator}. Required. */
    public Builder validator(TokenValidator validator) {
      this.validator = Objects.requireNonNull(validator);
      return this;
    }

    /** The clock for expiry (tests move it instead of sleeping). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** How far {@code exp}, {@code nbf} and {@code iat} may be off (default 30 s, at most 5 minutes). */
    public Builder clockSkew(Duration skew) {
      if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("the clock skew must be between 0 and 5 minutes");
      }
      this.skew = skew;
      return this;
    }

    /**
     * Whether to serve the metadata at the root well-known URL too (default on: MCP clients fall back to it). Turn
     * it off when several protected resources share one host.
     */
    public Builder rootMetadata(boolean serve) {
      this.rootMetadata = serve;
      return this;
    }

    /**
     * Another endpoint of the same server that is a protected resource of its own, such as the legacy HTTP+SSE
     * transport ({@code /sse} and its {@code /messages} posts): requests to any of {@code paths} need a token issued
     * for {@code resource} (its {@code aud}); their challenges name its metadata, served at its path-suffixed
     * well-known URL (RFC 9728 §3.1) with {@code resource} equal to it, as RFC 9728 §3.3 clients check. Same
     * authorization servers, scopes and validator as the main resource. A token for one resource is refused on the
     * others (audience binding, RFC 8707).
     *
     * @param resource the endpoint's canonical URI, on the same origin as the main resource
     * @param paths the request paths it covers, e.g. {@code "/sse", "/messages"}
     */
    public Builder endpoint(String resource, String... paths) {
      if (paths.length == 0) {
        throw new IllegalArgumentException("an endpoint covers at least one path");
      }
      endpoints.put(Objects.requireNonNull(resource, "resource"), new LinkedHashSet<>(List.of(paths)));
      return this;
    }

    /**
     * Delegation (default off): attaches the caller's own token to its {@link Caller} as a {@link SubjectToken}
     * (which shows as {@code [redacted]}), for a component that exchanges it (RFC 8693) on the caller's behalf, such
     * as the gateway's {@code token_exchange} upstreams. Off, the caller holds no token at all.
     */
    public Builder delegation(boolean on) {
      this.delegation = on;
      return this;
    }

    /** {@code resource_name} of the metadata: a human-readable name. */
    public Builder resourceName(String name) {
      this.resourceName = name;
      return this;
    }

    /**
     * @return the guard
     * @throws IllegalArgumentException when the resource is not an http(s) URI with a host and no query, fragment
     *     or user information, an endpoint is not another URI on its origin, or no authorization server or token
     *     validator was given
     */
    public ResourceServerGuard build() {
      URI u;
      try {
        u = new URI(resource);
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("the resource must be a URI: " + resource);
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme();
      if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null || u.getRawFragment() != null
          || u.getRawQuery() != null || u.getRawUserInfo() != null) {
        throw new IllegalArgumentException("the resource must be an http(s) URI with a host and no query, fragment "
            + "or user information: " + resource);
      }
      for (String other : endpoints.keySet()) {
        URI o = URI.create(other);
        if (!Objects.equals(o.getScheme(), u.getScheme()) || !Objects.equals(o.getRawAuthority(), u.getRawAuthority())
            || o.getRawQuery() != null || o.getRawFragment() != null || other.equals(resource)) {
          throw new IllegalArgumentException("an endpoint must be another URI on the origin of " + resource
              + " without query or fragment: " + other);
        }
      }
      if (authorizationServers.isEmpty()) {
        throw new IllegalArgumentException("at least one authorization server is required");
      }
      if (validator == null) {
        throw new IllegalArgumentException("a token validator is required");
      }
      return new ResourceServerGuard(this, u);
    }
  }
}
