package dev.mcpkit.auth.server;

import dev.mcpkit.auth.events.SecurityEvents;
import dev.mcpkit.auth.oauth.ClientInformation;
import dev.mcpkit.auth.oauth.ClientMetadata;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.json.JsonErrors;
import dev.mcpkit.store.Hashes;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.StoredClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Dynamic Client Registration (RFC 7591). Deprecated by the 2026-07-28 MCP spec but still offered to older clients.
 * Requires {@code application_type} (the 2026 rule), checks every known metadata field against its RFC 7591 / OpenID
 * type (a wrong type is {@code invalid_client_metadata} naming the field, never a default put in its place),
 * validates redirect URIs, grant types and the authentication method, offers only the grants the
 * {@link OpenRegistrationPolicy} allows (by default those where a user consents), never lets a client choose its
 * {@code client_id}, generates ids that cannot be mistaken for metadata document URLs, and is rate-limited per
 * remote address.
 */
final class RegistrationEndpoint {

  private static final Set<String> METHODS = Set.of("none", "client_secret_basic", "client_secret_post",
      "private_key_jwt");
  /** Known fields whose value is a string. */
  private static final Set<String> STRINGS = Set.of("client_name", "token_endpoint_auth_method", "application_type",
      "scope", "software_id", "software_version", "software_statement");
  /** Known fields whose value is a URL string. */
  private static final Set<String> URLS = Set.of("client_uri", "logo_uri", "tos_uri", "policy_uri", "jwks_uri");
  /** Known fields whose value is an array of strings. */
  private static final Set<String> STRING_ARRAYS = Set.of("redirect_uris", "grant_types", "response_types",
      "contacts");
  private static final int MAX_SCOPE_LENGTH = 2048;

  private final Settings s;
  private final Store store;

  RegistrationEndpoint(Settings s, Store store) {
    this.s = s;
    this.store = store;
  }

  private static OAuthException bad(String description) {
    return new OAuthException("invalid_client_metadata", description);
  }

  void handle(Request request, Response response, Callback callback) throws Exception {
    long n = store.increment("dcr:" + Request.getRemoteAddr(request), Duration.ofMinutes(1));
    if (n > s.registrationsPerMinute()) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "60");
      SecurityEvents.log("registration_rate_limited", "ip", Request.getRemoteAddr(request));
      throw new OAuthException("too_many_requests", "too many registrations from this address; retry later", 429);
    }
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw OAuthException.invalidRequest("the registration request must be application/json");
    }
    JsonNode in;
    try {
      // The core parser: a duplicate member ("redirect_uris" twice) is malformed, not last-wins.
      in = Json.parse(Http.body(request));
    } catch (JacksonException e) {
      throw bad("the request body is not valid JSON: " + JsonErrors.describe(e));
    }
    if (in == null || !in.isObject()) {
      throw bad("the request body must be a JSON object");
    }
    if (in.has("client_id") || in.has("client_secret")) {
      throw bad("clients cannot choose their client_id or client_secret");
    }
    checkTypes(in);
    // Every known member now has its type, so the shared record reads the request without losing anything.
    ClientMetadata asked = ClientMetadata.read(in);
    String appType = asked.applicationType();
    if (appType == null) {
      throw bad("application_type is required (native or web)");
    }
    if (!appType.equals("native") && !appType.equals("web")) {
      throw bad("application_type must be native or web");
    }
    List<String> redirects = asked.redirectUris() == null ? List.of() : asked.redirectUris();
    if (redirects.isEmpty()) {
      throw new OAuthException("invalid_redirect_uri", "redirect_uris must be a non-empty array of strings");
    }
    for (String r : redirects) {
      String why = RedirectUris.refusal(r);
      if (why != null) {
        throw new OAuthException("invalid_redirect_uri", why);
      }
      if (appType.equals("web") && RedirectUris.isLoopback(r)) {
        throw new OAuthException("invalid_redirect_uri", "web clients cannot use loopback redirect URIs; "
            + "register with application_type native");
      }
    }
    String method = asked.tokenEndpointAuthMethod() == null ? "client_secret_basic" : asked.tokenEndpointAuthMethod();
    if (!METHODS.contains(method)) {
      throw bad("unsupported token_endpoint_auth_method " + method);
    }
    if (method.equals("private_key_jwt") && asked.jwks() == null) {
      throw bad("private_key_jwt needs jwks (jwks_uri is not accepted at registration)");
    }
    // RFC 7591 §2: an absent grant_types means authorization_code. An empty array is not absent.
    List<String> grants = asked.grantTypes() != null ? asked.grantTypes() : List.of("authorization_code");
    if (grants.isEmpty()) {
      throw bad("grant_types must name at least one grant type");
    }
    for (String g : grants) {
      if (!s.openRegistration().grantTypes().contains(g)) {
        // Anyone can register: grants without a user (client_credentials) would hand out tokens nobody consented
        // to. They are for clients the operator configures, unless the operator's policy says otherwise.
        SecurityEvents.log("registration_grant_refused", "ip", Request.getRemoteAddr(request), "grant_type", g);
        throw bad("grant type " + g + " is not offered to self-registered clients on this server (offered: "
            + String.join(", ", new java.util.TreeSet<>(s.openRegistration().grantTypes())) + ")");
      }
      if (g.equals("client_credentials") && method.equals("none")) {
        throw bad("client_credentials needs a confidential client");
      }
    }
    String scope = asked.scope();
    if (scope != null && (scope.isEmpty() || scope.length() > MAX_SCOPE_LENGTH
        || !scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*"))) {
      throw bad("scope must be a non-empty, space-separated list of scope tokens (RFC 6749 §3.3)");
    }
    for (String rt : asked.responseTypes() == null ? List.<String>of() : asked.responseTypes()) {
      if (!rt.equals("code")) {
        throw bad("only the code response type is supported");
      }
    }
    String clientName = asked.clientName();
    if (clientName != null && clientName.length() > 200) {
      throw bad("client_name is too long");
    }
    // "mcpkit-" + random: never a URL, so it cannot collide with a Client ID Metadata Document id.
    String clientId = "mcpkit-" + Tokens.random();
    String secret = method.startsWith("client_secret") ? Tokens.random() : null;
    Instant now = s.clock().instant();
    ClientMetadata registered = new ClientMetadata(clientId, clientName, List.copyOf(redirects), appType, method,
        List.copyOf(grants), scope, List.of("code"), asked.jwks());
    store.saveClient(new StoredClient(clientId, Http.JSON.writeValueAsString(registered),
        secret == null ? null : "sha256:" + Hashes.sha256(secret), now));
    Http.json(response, callback, 201, new ClientInformation(registered, now.getEpochSecond(), secret,
        secret == null ? null : 0L));
  }

  /**
   * Checks the JSON type of every known field that is present (RFC 7591 §2, OpenID Connect Registration §2 for
   * {@code application_type}, {@code default_max_age}, {@code require_auth_time}). Unknown fields are ignored
   * (RFC 7591 §2) and never stored. {@code null} is a wrong type like any other: it is not "absent".
   */
  static void checkTypes(JsonNode in) {
    for (var e : in.properties()) {
      String field = e.getKey();
      JsonNode v = e.getValue();
      if (STRINGS.contains(field) && !v.isString()) {
        throw bad(field + " must be a string");
      }
      if (URLS.contains(field) && !(v.isString() && isHttpUrl(v.asString()))) {
        throw bad(field + " must be a string holding an absolute http or https URL");
      }
      if (STRING_ARRAYS.contains(field)) {
        if (!v.isArray()) {
          throw field.equals("redirect_uris")
              ? new OAuthException("invalid_redirect_uri", "redirect_uris must be an array of strings")
              : bad(field + " must be an array of strings");
        }
        for (int i = 0; i < v.size(); i++) {
          if (!v.get(i).isString()) {
            throw field.equals("redirect_uris")
                ? new OAuthException("invalid_redirect_uri", "redirect_uris[" + i + "] must be a string")
                : bad(field + "[" + i + "] must be a string");
          }
        }
      }
      if (field.equals("jwks") && !(v.isObject() && v.path("keys").isArray())) {
        throw bad("jwks must be a JSON Web Key Set: an object with a keys array");
      }
      if (field.equals("default_max_age") && !(v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0)) {
        throw bad("default_max_age must be a non-negative integer number of seconds");
      }
      if (field.equals("require_auth_time") && !v.isBoolean()) {
        throw bad("require_auth_time must be a boolean");
      }
    }
  }

  private static boolean isHttpUrl(String s) {
    try {
      URI u = new URI(s);
      return u.isAbsolute() && u.getHost() != null
          && ("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()));
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
