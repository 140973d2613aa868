package dev.mcpkit.auth.server;

import java.util.List;

/**
 * How Client ID Metadata Documents (an https URL used as {@code client_id}) are accepted.
 *
 * @param enabled whether URL client ids are fetched at all
 * @param allowedHosts if not empty, only documents on these hosts (exact, or {@code *.example.com} for
 *     subdomains) are accepted; a trust policy as the MCP spec allows
 * @param allowLoopback a development switch: also fetch from loopback addresses, over http or https. Never set it
 *     on a server that others can reach
 */
public record CimdPolicy(boolean enabled, List<String> allowedHosts, boolean allowLoopback) {

  /** Copies the host list ({@code null}: empty, any public host). */
  public CimdPolicy {
    allowedHosts = List.copyOf(allowedHosts == null ? List.of() : allowedHosts);
  }

  /** On, any public https host, no loopback. */
  public static CimdPolicy defaults() {
    return new CimdPolicy(true, List.of(), false);
  }

  boolean hostAllowed(String host) {
    if (allowedHosts.isEmpty()) {
      return true;
    }
    String h = host.toLowerCase();
    for (String a : allowedHosts) {
      String p = a.toLowerCase();
      if (p.startsWith("*.") ? h.endsWith(p.substring(1)) : h.equals(p)) {
        return true;
      }
    }
    return false;
  }
}
