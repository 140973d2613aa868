package dev.mcpkit.auth.server;

import dev.mcpkit.auth.events.SecurityEvents;
import dev.mcpkit.auth.fetch.FetchException;
import dev.mcpkit.auth.fetch.SafeFetcher;
import dev.mcpkit.auth.oauth.Scopes;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.json.JsonErrors;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.StoredClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Finds a client by {@code client_id}: configured clients first, then a URL client id as a Client ID Metadata
 * Document (fetched through the {@link SafeFetcher}, validated, cached per its Cache-Control), then clients
 * registered at run time in the store. Failures are {@code invalid_client} errors whose description is safe to
 * show on an error page.
 */
final class Clients {

  /** The CIMD draft's recommended cap. */
  static final int MAX_DOCUMENT_BYTES = 5 * 1024;
  /** How long a document without Cache-Control is kept; documents are never kept longer than a day. */
  static final Duration DEFAULT_CACHE = Duration.ofMinutes(5);
  private static final Duration MAX_CACHE = Duration.ofDays(1);
  private static final int MAX_CACHED = 1000;

  private record Cached(ResolvedClient client, Instant expiresAt) {}

  private final Map<String, ResolvedClient> configured;
  private final Store store;
  private final CimdPolicy cimd;
  private final OpenRegistrationPolicy open;
  private final SafeFetcher fetcher;
  private final Clock clock;
  private final Map<String, Cached> cache = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> e) {
          return size() > MAX_CACHED;
        }
      });

  Clients(Map<String, ResolvedClient> configured, Store store, CimdPolicy cimd, OpenRegistrationPolicy open,
      SafeFetcher fetcher, Clock clock) {
    this.configured = Map.copyOf(configured);
    this.store = store;
    this.cimd = cimd;
    this.open = open;
    this.fetcher = fetcher;
    this.clock = clock;
  }

  static boolean isUrlClientId(String clientId) {
    String c = clientId.toLowerCase();
    return c.startsWith("https://") || c.startsWith("http://");
  }

  ResolvedClient resolve(String clientId) {
    if (clientId == null || clientId.isEmpty()) {
      throw new OAuthException("invalid_client", "client_id is missing", 401);
    }
    ResolvedClient c = configured.get(clientId);
    if (c != null) {
      return c;
    }
    if (isUrlClientId(clientId)) {
      return metadataDocument(clientId);
    }
    StoredClient stored = store.findClient(clientId).orElseThrow(() -> unknown());
    return fromRegistration(stored);
  }

  private static OAuthException unknown() {
    return new OAuthException("invalid_client", "unknown client", 401);
  }

  /**
   * A dynamically registered client. Its grants and scopes are re-checked against today's open-registration
   * policy on every use, so a registration stored before the policy was tightened (or by an older version that
   * accepted {@code client_credentials}) gains nothing from it.
   */
  ResolvedClient fromRegistration(StoredClient stored) {
    JsonNode m = Http.JSON.readTree(stored.metadataJson());
    return selfRegistered(stored.clientId(), m.path("client_name").asString(stored.clientId()),
        strings(m.path("redirect_uris")), m.path("token_endpoint_auth_method").asString("none"),
        stored.secretHash(), m.has("jwks") ? m.get("jwks").toString() : null,
        m.has("jwks_uri") ? URI.create(m.get("jwks_uri").asString()) : null,
        new HashSet<>(strings(m.path("grant_types"))), m.path("scope").asString(null), ResolvedClient.Kind.REGISTERED);
  }

  /**
   * A client anyone could have created: only the grants the open-registration policy offers; with a user, the
   * scopes it named (or, naming none, those the user may consent to); without a user, only the operator's policy
   * scopes, narrowed by what it named.
   */
  private ResolvedClient selfRegistered(String id, String name, List<String> redirects, String method,
      String secretHash, String jwks, URI jwksUri, Set<String> asked, String scope, ResolvedClient.Kind kind) {
    Set<String> grants = open.offered(asked);
    Set<String> named = scope == null ? null : new HashSet<>(Scopes.parse(scope));
    Set<String> operator = new HashSet<>();
    if (grants.contains("client_credentials")) {
      operator.addAll(open.clientCredentialsScopes());
      if (named != null) {
        operator.retainAll(named);
      }
    }
    return new ResolvedClient(id, name, redirects, method, secretHash, jwks, jwksUri, grants, named, operator, null,
        Set.of(), kind);
  }

  private ResolvedClient metadataDocument(String url) {
    if (!cimd.enabled()) {
      throw new OAuthException("invalid_client", "URL client ids (Client ID Metadata Documents) are not accepted here",
          401);
    }
    String why = grammarRefusal(url);
    if (why == null && url.startsWith("http:") && !cimd.allowLoopback()) {
      why = "the scheme must be https";
    }
    if (why != null) {
      throw new OAuthException("invalid_client", "client_id URL refused: " + why, 401);
    }
    String host = URI.create(url).getHost();
    if (!cimd.hostAllowed(host)) {
      throw new OAuthException("invalid_client", "clients from " + host + " are not accepted by this server's policy",
          401);
    }
    Cached hit = cache.get(url);
    if (hit != null && clock.instant().isBefore(hit.expiresAt())) {
      return hit.client();
    }
    SafeFetcher.Result r;
    try {
      r = fetcher.get(URI.create(url), MAX_DOCUMENT_BYTES);
    } catch (FetchException e) {
      SecurityEvents.log(e.blocked() ? "ssrf_blocked" : "cimd_fetch_failed", "client_id", url, "reason",
          e.getMessage());
      throw new OAuthException("invalid_client", "the client metadata document could not be fetched: "
          + e.getMessage(), 401);
    }
    // Errors and invalid documents are never cached: the next request fetches again.
    if (r.status() != 200) {
      throw new OAuthException("invalid_client", "the client metadata document answered HTTP " + r.status(), 401);
    }
    ResolvedClient client = parseDocument(url, r);
    Duration ttl = cacheTtl(r.cacheControl());
    if (!ttl.isZero()) {
      cache.put(url, new Cached(client, clock.instant().plus(ttl)));
    }
    return client;
  }

  /** The CIMD client id grammar: https, a path, no dot segments, no fragment, no user information, no query. */
  static String grammarRefusal(String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      return "not a valid URL";
    }
    if (u.getScheme() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http"))) {
      return "the scheme must be https";
    }
    if (u.getHost() == null || u.getRawUserInfo() != null) {
      return "it must have a host and no user information";
    }
    if (u.getRawFragment() != null) {
      return "it must not have a fragment";
    }
    if (u.getRawQuery() != null) {
      return "it must not have a query";
    }
    String path = u.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return "it must have a path";
    }
    for (String seg : path.split("/", -1)) {
      if (seg.equals(".") || seg.equals("..") || seg.equalsIgnoreCase("%2e") || seg.equalsIgnoreCase("%2e%2e")) {
        return "it must not contain dot segments";
      }
    }
    return null;
  }

  private ResolvedClient parseDocument(String url, SafeFetcher.Result r) {
    String type = r.contentType() == null ? "" : r.contentType().toLowerCase();
    if (!type.startsWith("application/json") && !type.matches("application/[a-z0-9.+-]*\\+json.*")) {
      throw invalidDocument("it is not served as JSON");
    }
    JsonNode doc;
    try {
      // The core parser: a key twice (two redirect_uris) is malformed, never last-wins.
      doc = Json.parse(r.body());
    } catch (JacksonException e) {
      throw invalidDocument("it is not valid JSON: " + JsonErrors.describe(e));
    }
    if (doc == null || !doc.isObject()) {
      throw invalidDocument("it is not a JSON object");
    }
    if (!doc.path("client_id").isString() || !doc.get("client_id").asString().equals(url)) {
      throw invalidDocument("its client_id is not exactly the URL it was fetched from");
    }
    if (!doc.path("client_name").isString() || doc.get("client_name").asString().isBlank()) {
      throw invalidDocument("client_name is missing");
    }
    List<String> redirects = strings(doc.path("redirect_uris"));
    if (redirects.isEmpty() || redirects.size() != doc.path("redirect_uris").size()) {
      throw invalidDocument("redirect_uris must be a non-empty array of strings");
    }
    for (String uri : redirects) {
      String why = RedirectUris.refusal(uri);
      if (why != null) {
        throw invalidDocument(why);
      }
    }
    JsonNode methodNode = doc.path("token_endpoint_auth_method");
    String method = methodNode.isMissingNode() ? "none" : Objects.requireNonNullElse(Json.string(methodNode), "");
    if (!method.equals("none") && !method.equals("private_key_jwt")) {
      throw invalidDocument("token_endpoint_auth_method must be none or private_key_jwt (no shared secrets)");
    }
    if (doc.has("client_secret") || doc.has("client_secret_expires_at")) {
      throw invalidDocument("a metadata document must not contain a client secret");
    }
    String jwks = doc.has("jwks") ? doc.get("jwks").toString() : null;
    URI jwksUri = null;
    if (doc.has("jwks_uri")) {
      try {
        jwksUri = new URI(Objects.requireNonNullElse(Json.string(doc.get("jwks_uri")), ""));
      } catch (URISyntaxException e) {
        throw invalidDocument("jwks_uri must be an https URL");
      }
      if (!"https".equals(jwksUri.getScheme()) && !"http".equals(jwksUri.getScheme())) {
        throw invalidDocument("jwks_uri must be an https URL");
      }
    }
    if (method.equals("private_key_jwt") && jwks == null && jwksUri == null) {
      throw invalidDocument("private_key_jwt needs jwks or jwks_uri");
    }
    JsonNode grantNode = doc.path("grant_types");
    if (!grantNode.isMissingNode() && (!grantNode.isArray() || strings(grantNode).size() != grantNode.size())) {
      throw invalidDocument("grant_types must be an array of strings");
    }
    Set<String> grants = new HashSet<>(strings(grantNode));
    if (grants.isEmpty()) {
      grants = Set.of("authorization_code");
    }
    for (String g : grants) {
      if (!open.grantTypes().contains(g)) {
        throw invalidDocument("grant type " + g + " is not available to metadata-document clients");
      }
    }
    if (doc.has("scope") && !doc.get("scope").isString()) {
      throw invalidDocument("scope must be a string");
    }
    // logo_uri and client_uri are never fetched: nothing the document names is contacted on its behalf.
    return selfRegistered(url, doc.get("client_name").asString(), List.copyOf(redirects), method, null, jwks,
        jwksUri, grants, doc.has("scope") ? doc.get("scope").asString() : null,
        ResolvedClient.Kind.METADATA_DOCUMENT);
  }

  private static OAuthException invalidDocument(String why) {
    return new OAuthException("invalid_client", "invalid client metadata document: " + why, 401);
  }

  static Duration cacheTtl(String cacheControl) {
    if (cacheControl == null || cacheControl.isBlank()) {
      return DEFAULT_CACHE;
    }
    String cc = cacheControl.toLowerCase();
    if (cc.contains("no-store") || cc.contains("no-cache")) {
      return Duration.ZERO;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("max-age\\s*=\\s*(\\d{1,9})").matcher(cc);
    if (m.find()) {
      Duration d = Duration.ofSeconds(Long.parseLong(m.group(1)));
      return d.compareTo(MAX_CACHE) > 0 ? MAX_CACHE : d;
    }
    return DEFAULT_CACHE;
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      for (JsonNode n : array) {
        if (n.isString()) {
          out.add(n.asString());
        }
      }
    }
    return out;
  }
}
