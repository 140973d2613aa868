package dev.mcpkit.auth.client;

import dev.mcpkit.auth.oauth.AuthorizationServerMetadata;
import dev.mcpkit.auth.oauth.ProtectedResourceMetadata;
import dev.mcpkit.auth.oauth.WellKnown;
import dev.mcpkit.core.text.PeerText;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Finds a server's protected-resource metadata and its authorization server, in the order the MCP
 * authorization spec gives (2026-07-28 "Authorization Server Discovery", also 2025-11-25), with the
 * 2025-03-26 fallbacks for servers that publish no protected-resource metadata.
 */
final class Discovery {

  private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

  /** What discovery found for one server. */
  record Result(ProtectedResourceMetadata prm, String resource, AuthServerMetadata as) {}

  private final OAuthHttp http;

  Discovery(OAuthHttp http) {
    this.http = http;
  }

  /**
   * @param server the MCP endpoint URL
   * @param resourceMetadata the {@code resource_metadata} URL of a challenge, or {@code null}
   * @param preferredIssuer an issuer to pick when the metadata lists several (the one of the stored grant), or {@code null}
   * @param loopback whether loopback addresses may be contacted
   */
  Result discover(URI server, String resourceMetadata, String preferredIssuer, boolean loopback) {
    ProtectedResourceMetadata prm = null;
    URI prmSource = null;
    List<String> tried = new ArrayList<>();
    if (resourceMetadata != null && !resourceMetadata.isBlank()) {
      URI u = UrlRules.checkEndpoint(resourceMetadata, "the resource_metadata URL", loopback);
      tried.add(u.toString());
      prm = fetchPrm(u, loopback);
      prmSource = u;
    }
    if (prm == null) {
      for (URI u : WellKnown.protectedResourceCandidates(server)) {
        tried.add(u.toString());
        prm = fetchPrm(u, loopback);
        prmSource = u;
        if (prm != null) {
          break;
        }
      }
    }
    if (prm == null) {
      return legacy(server, tried, loopback);
    }
    if (!UrlRules.resourceCovers(prm.resource(), server)) {
      throw new OAuthException(OAuthException.Reason.RESOURCE_MISMATCH, "refused: the protected resource metadata at "
          + prmSource + " is for the resource \"" + PeerText.line(prm.resource(), 200) + "\", which is not the server "
          + server + " (same origin and a path prefix are required); not authorizing"
          + loopbackRespelling(prm.resource(), server).map(u -> ". The server knows itself as " + PeerText.line(u, 200)
              + ": use that URL (localhost and 127.0.0.1 are one machine, but two names to OAuth)").orElse(""));
    }
    List<String> order = new ArrayList<>(new LinkedHashSet<>(prm.authorizationServers()));
    if (preferredIssuer != null && order.remove(preferredIssuer)) {
      order.addFirst(preferredIssuer);
    }
    OAuthException last = null;
    for (String issuer : order) {
      try {
        AuthServerMetadata as = authorizationServer(issuer, loopback);
        if (as != null) {
          return new Result(prm, prm.resource(), as);
        }
        last = new OAuthException(OAuthException.Reason.DISCOVERY_FAILED, "no authorization server metadata was found for "
            + PeerText.line(issuer, 200) + " (tried " + tried(issuer) + ")");
      } catch (OAuthException e) {
        last = e;
      } catch (IllegalArgumentException e) {
        last = new OAuthException(OAuthException.Reason.UNSAFE_URL, "refused: the authorization server \""
            + PeerText.line(issuer, 200) + "\" is not a valid URL");
      }
    }
    throw last != null ? last : new OAuthException(OAuthException.Reason.DISCOVERY_FAILED,
        "the protected resource metadata at " + prmSource + " lists no authorization server");
  }

  /**
   * The URL to use instead of {@code server} when the resource differs from it only in how loopback is spelled
   * ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}): the user's URL with the resource's host, a common mistake
   * that the bare refusal does not explain.
   */
  static java.util.Optional<String> loopbackRespelling(String resource, URI server) {
    try {
      URI r = URI.create(resource);
      String rh = r.getHost();
      String sh = server.getHost();
      if (rh == null || sh == null || rh.equalsIgnoreCase(sh) || !isLoopbackName(rh) || !isLoopbackName(sh)
          || !java.util.Objects.equals(r.getScheme(), server.getScheme()) || r.getPort() != server.getPort()) {
        return java.util.Optional.empty();
      }
      URI fixed = new URI(server.getScheme(), server.getRawUserInfo(), rh, server.getPort(), server.getPath(),
          server.getQuery(), null);
      return UrlRules.resourceCovers(resource, fixed) ? java.util.Optional.of(fixed.toString()) : java.util.Optional.empty();
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      return java.util.Optional.empty();
    }
  }

  private static boolean isLoopbackName(String host) {
    String h = host.toLowerCase(java.util.Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }

  private ProtectedResourceMetadata fetchPrm(URI u, boolean loopback) {
    OAuthHttp.Reply r = http.getDocument(u, loopback);
    if (r.status() != 200) {
      LOG.debug("no protected resource metadata at {} (HTTP {})", u, r.status());
      return null;
    }
    JsonNode j = r.json();
    if (j == null) {
      String problem = r.jsonProblem();
      throw new OAuthException(OAuthException.Reason.DISCOVERY_FAILED, "the protected resource metadata at " + u
          + (problem == null ? " is not a JSON object" : " is not valid JSON: " + problem));
    }
    String resource = j.path("resource").isString() ? j.get("resource").asString() : null;
    if (resource == null || resource.isEmpty()) {
      throw new OAuthException(OAuthException.Reason.DISCOVERY_FAILED, "the protected resource metadata at " + u
          + " has no \"resource\"");
    }
    List<String> servers = strings(j.path("authorization_servers"));
    if (servers == null || servers.isEmpty()) {
      throw new OAuthException(OAuthException.Reason.DISCOVERY_FAILED, "the protected resource metadata at " + u
          + " lists no authorization_servers");
    }
    return new ProtectedResourceMetadata(resource, servers, strings(j.path("scopes_supported")),
        strings(j.path("bearer_methods_supported")), j.path("resource_name").isString() ? j.get("resource_name").asString() : null);
  }

  /**
   * No protected-resource metadata: the 2025-03-26 rules. The authorization server is the MCP
   * server's origin; its metadata is looked for there, and failing that the default endpoints
   * {@code /authorize}, {@code /token} and {@code /register} are used.
   */
  private Result legacy(URI server, List<String> tried, boolean loopback) {
    String origin = WellKnown.origin(server);
    String resource = UrlRules.canonical(server);
    LOG.debug("no protected resource metadata for {} (tried {}); trying the 2025-03-26 discovery on {}", server, tried, origin);
    AuthServerMetadata as = authorizationServer(origin, loopback);
    if (as == null) {
      as = AuthServerMetadata.defaults(origin,
          UrlRules.checkEndpoint(origin + "/authorize", "the default authorization endpoint", loopback),
          UrlRules.checkEndpoint(origin + "/token", "the default token endpoint", loopback),
          UrlRules.checkEndpoint(origin + "/register", "the default registration endpoint", loopback));
    }
    return new Result(null, resource, as);
  }

  /**
   * Authorization-server metadata for {@code issuer}: RFC 8414 (with path insertion), then OpenID
   * discovery (inserted, then appended), the first 200 whose {@code issuer} is exactly {@code issuer}.
   *
   * @return {@code null} when no candidate URL had a document
   */
  AuthServerMetadata authorizationServer(String issuer, boolean loopback) {
    URI iss = UrlRules.checkEndpoint(issuer, "the authorization server issuer \"" + PeerText.line(issuer, 200) + "\"", loopback);
    if (iss.getRawQuery() != null) {
      throw new OAuthException(OAuthException.Reason.UNSAFE_URL, "refused: the issuer " + PeerText.line(issuer, 200)
          + " has a query");
    }
    String mismatch = null;
    String malformed = null;
    for (URI u : WellKnown.authorizationServerCandidates(iss)) {
      OAuthHttp.Reply r = http.getDocument(u, loopback);
      if (r.status() != 200) {
        continue;
      }
      JsonNode j = r.json();
      if (j == null) {
        // An HTML page at a well-known path is no document; a JSON object that is malformed (a key
        // twice) is one that must not be used, and saying so beats falling back to default endpoints.
        String problem = r.jsonProblem();
        if (problem != null && malformed == null) {
          malformed = "the metadata at " + u + " is not valid JSON: " + problem;
        }
        continue;
      }
      String declared = j.path("issuer").isString() ? j.get("issuer").asString() : null;
      if (!issuer.equals(declared)) {
        // RFC 8414 §3.3: the document is not for this issuer; it must not be used.
        mismatch = "the metadata at " + u + " declares the issuer \"" + PeerText.line(declared, 200) + "\", not \""
            + PeerText.line(issuer, 200) + "\"";
        LOG.info("event=as_metadata_issuer_mismatch url={} declared={} expected={}", u, PeerText.line(declared, 200),
            PeerText.line(issuer, 200));
        continue;
      }
      return parse(issuer, j, loopback);
    }
    if (mismatch != null) {
      throw new OAuthException(OAuthException.Reason.ISSUER_MISMATCH, "refused: " + mismatch
          + "; metadata whose issuer differs from the one it was fetched for is never used");
    }
    if (malformed != null) {
      throw new OAuthException(OAuthException.Reason.DISCOVERY_FAILED, "refused: " + malformed);
    }
    return null;
  }

  // The document is read into the shared RFC 8414 record; what the client keeps is the checked view of it.
  private static AuthServerMetadata parse(String issuer, JsonNode j, boolean loopback) {
    AuthorizationServerMetadata doc = AuthorizationServerMetadata.read(j);
    URI authorize = optionalEndpoint(doc.authorizationEndpoint(), "authorization_endpoint", loopback);
    URI token = UrlRules.checkEndpoint(doc.tokenEndpoint(), "the token endpoint", loopback);
    return new AuthServerMetadata(issuer, authorize, token,
        optionalEndpoint(doc.registrationEndpoint(), "registration_endpoint", loopback),
        optionalEndpoint(doc.revocationEndpoint(), "revocation_endpoint", loopback), doc.codeChallengeMethodsSupported(),
        doc.tokenEndpointAuthMethodsSupported(), doc.scopesSupported(),
        Boolean.TRUE.equals(doc.clientIdMetadataDocumentSupported()),
        Boolean.TRUE.equals(doc.authorizationResponseIssParameterSupported()), false);
  }

  private static URI optionalEndpoint(String v, String field, boolean loopback) {
    return v == null ? null : UrlRules.checkEndpoint(v, "the " + field.replace('_', ' '), loopback);
  }

  /** A JSON array of strings, or {@code null} when absent or not one. */
  static List<String> strings(JsonNode n) {
    return AuthorizationServerMetadata.strings(n);
  }

  private static String tried(String issuer) {
    return WellKnown.authorizationServerCandidates(URI.create(issuer)).stream().map(URI::toString)
        .collect(java.util.stream.Collectors.joining(", "));
  }
}
