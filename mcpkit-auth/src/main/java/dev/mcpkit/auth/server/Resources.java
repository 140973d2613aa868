package dev.mcpkit.auth.server;

import dev.mcpkit.auth.oauth.Scopes;
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
   * The scope to grant in the code flow, where the user consents: within what the user may consent to for this
   * client ({@link ResolvedClient#consentableScopes}); see {@link #grantable}.
   */
  String grantableScope(ProtectedResource resource, ResolvedClient client, String requested) {
    return grantable(resource, client.consentableScopes(resource), requested);
  }

  /**
   * The scope to grant out of {@code allowed}: the requested scopes if every one is known to the resource and
   * allowed, else {@code invalid_scope}; with no request, the resource's default scopes that are allowed. When
   * nothing of a resource that has scopes is allowed, the answer is {@code invalid_scope}: an empty allowance is
   * never read as "any scope".
   */
  static String grantable(ProtectedResource resource, Set<String> allowed, String requested) {
    if (requested != null && (requested.length() > 2048 || Scopes.count(requested) > AuthorizeEndpoint.MAX_SCOPES)) {
      throw new OAuthException("invalid_scope", "too many scopes");
    }
    if (allowed.isEmpty() && !resource.scopes().isEmpty()) {
      throw new OAuthException("invalid_scope", "this client may not be granted any scope of this resource");
    }
    Set<String> want = Scopes.parse(requested);
    if (want.isEmpty()) {
      Set<String> d = new LinkedHashSet<>(resource.defaultScopes());
      d.retainAll(allowed);
      return String.join(" ", d);
    }
    for (String s : want) {
      if (!resource.scopes().contains(s) || !allowed.contains(s)) {
        throw new OAuthException("invalid_scope", "scope '" + s + "' is unknown or not allowed for this client "
            + "and resource");
      }
    }
    return String.join(" ", want);
  }

  /** {@code scope} (space-separated) without the scopes outside {@code allowed}, in its order. */
  static String narrow(String scope, Set<String> allowed) {
    Set<String> out = new LinkedHashSet<>(Scopes.parse(scope));
    out.retainAll(allowed);
    return String.join(" ", out);
  }
}
