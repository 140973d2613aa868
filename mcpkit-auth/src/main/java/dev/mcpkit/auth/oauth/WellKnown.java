package dev.mcpkit.auth.oauth;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The well-known URLs of OAuth discovery, built in one place for the three roles: RFC 8414 authorization server
 * metadata, OpenID Connect discovery, and RFC 9728 protected-resource metadata. RFC 8414 §3.1 and RFC 9728 §3.1 insert
 * the well-known suffix between the origin and the path of the identifier (a terminating {@code /} removed), so that
 * several issuers or resources can share one host; OpenID discovery appends it to the issuer instead.
 */
public final class WellKnown {

  /** RFC 8414 §3: {@code /.well-known/oauth-authorization-server}. */
  public static final String AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";

  /** OpenID Connect Discovery 1.0 §4: {@code /.well-known/openid-configuration}. */
  public static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

  /** RFC 9728 §3: {@code /.well-known/oauth-protected-resource}. */
  public static final String PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";

  private WellKnown() {}

  /**
   * The RFC 8414 metadata URL of an issuer: {@code https://as.example/tenant} gives
   * {@code https://as.example/.well-known/oauth-authorization-server/tenant}.
   */
  public static URI authorizationServer(URI issuer) {
    return URI.create(origin(issuer) + AUTHORIZATION_SERVER + path(issuer));
  }

  /**
   * Where a client looks for an issuer's metadata, in order (MCP authorization, "Authorization Server Metadata
   * Discovery"): for an issuer without a path the RFC 8414 URL then OpenID discovery; with a path, RFC 8414 with the
   * path inserted, OpenID discovery with the path inserted, then OpenID discovery appended to the path.
   */
  public static List<URI> authorizationServerCandidates(URI issuer) {
    String origin = origin(issuer);
    String path = path(issuer);
    if (path.isEmpty()) {
      return List.of(URI.create(origin + AUTHORIZATION_SERVER), URI.create(origin + OPENID_CONFIGURATION));
    }
    return List.of(URI.create(origin + AUTHORIZATION_SERVER + path), URI.create(origin + OPENID_CONFIGURATION + path),
        URI.create(origin + path + OPENID_CONFIGURATION));
  }

  /**
   * The paths on which an authorization server whose issuer has the path {@code issuerPath} ({@code ""} for none,
   * else starting with {@code /} and without a terminating one) serves its metadata: the RFC 8414 path and the two
   * OpenID discovery spellings, in the order of {@link #authorizationServerCandidates}.
   */
  public static List<String> authorizationServerPaths(String issuerPath) {
    if (issuerPath.isEmpty()) {
      return List.of(AUTHORIZATION_SERVER, OPENID_CONFIGURATION);
    }
    return List.of(AUTHORIZATION_SERVER + issuerPath, OPENID_CONFIGURATION + issuerPath,
        issuerPath + OPENID_CONFIGURATION);
  }

  /**
   * Where a client looks for a resource's RFC 9728 metadata when the server named none: the path-aware URL first
   * (when the endpoint has a path), then the root one.
   */
  public static List<URI> protectedResourceCandidates(URI resource) {
    String origin = origin(resource);
    List<URI> out = new ArrayList<>();
    String path = path(resource);
    if (!path.isEmpty()) {
      out.add(URI.create(origin + PROTECTED_RESOURCE + path));
    }
    out.add(URI.create(origin + PROTECTED_RESOURCE));
    return out;
  }

  /** {@code scheme://authority} of a URL, the scheme in lower case. */
  public static String origin(URI u) {
    return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getRawAuthority();
  }

  /** The raw path without a terminating {@code /} ({@code ""} for none or {@code /}). */
  private static String path(URI u) {
    String p = u.getRawPath() == null ? "" : u.getRawPath();
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
