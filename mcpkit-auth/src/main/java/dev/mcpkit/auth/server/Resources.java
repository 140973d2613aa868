package dev.mcpkit.auth.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configured protected resources and the RFC 8707 rules for the {@code resource} parameter: an absolute URI
 * without fragment that names a configured resource, compared after lower-casing scheme and host only (the MCP
 * spec asks servers to accept upper-case scheme and host); no other normalisation, so {@code /mcp/} is not
 * {@code /mcp}. Tokens carry the configured spelling as {@code aud}.
 */
final class Resources {

  private final Map<String, ProtectedResource> byKey = new LinkedHashMap<>();

  Resources(List<ProtectedResource> resources) {
    for (ProtectedResource r : resources) {
      byKey.put(key(r.uri()), r);
    }
  }

  List<ProtectedResource> all() {
    return List.copyOf(byKey.values());
  }

  /** Every scope any resource understands (for {@code scopes_supported}). */
  List<String> allScopes() {
    Set<String> s = new TreeSet<>();
    byKey.values().forEach(r -> s.addAll(r.scopes()));
    return new ArrayList<>(s);
  }

  /** The resource named by {@code value}, or {@code invalid_target}. */
  ProtectedResource require(String value) {
    if (value == null) {
      throw new OAuthException("invalid_target", "the resource parameter (RFC 8707) is required");
    }
    String k = key(value);
    ProtectedResource r = k == null ? null : byKey.get(k);
    if (r == null) {
      throw new OAuthException("invalid_target", "unknown resource: it must be the absolute URI, without fragment, "
          + "of a protected resource this server issues tokens for");
    }
    return r;
  }

  static String key(String uri) {
    try {
      URI u = new URI(uri);
      if (!u.isAbsolute() || u.getRawFragment() != null || u.getHost() == null || u.getRawUserInfo() != null) {
        return null;
      }
      return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getRawAuthority().toLowerCase(Locale.ROOT)
          + (u.getRawPath() == null ? "" : u.getRawPath()) + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * The scope to grant: the requested scopes if every one is known to the resource and allowed to the client,
   * else {@code invalid_scope}; with no request, the resource's default scopes the client may have.
   */
  String grantableScope(ProtectedResource resource, ResolvedClient client, String requested) {
    if (requested != null && (requested.length() > 2048 || requested.split(" +").length > AuthorizeEndpoint.MAX_SCOPES)) {
      throw new OAuthException("invalid_scope", "too many scopes");
    }
    Set<String> want = AuthorizeEndpoint.scopes(requested);
    if (want.isEmpty()) {
      Set<String> d = new LinkedHashSet<>(resource.defaultScopes());
      if (!client.scopes().isEmpty()) {
        d.retainAll(client.scopes());
      }
      return String.join(" ", d);
    }
    for (String s : want) {
      if (!resource.scopes().contains(s) || (!client.scopes().isEmpty() && !client.scopes().contains(s))) {
        throw new OAuthException("invalid_scope", "scope '" + s + "' is unknown or not allowed for this client "
            + "and resource");
      }
    }
    return String.join(" ", want);
  }
}
