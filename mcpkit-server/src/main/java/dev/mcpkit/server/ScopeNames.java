package dev.mcpkit.server;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Checks and copies OAuth scope names (RFC 6749 §3.3 {@code scope-token}: printable ASCII without space, double
 * quote or backslash). Scopes end up inside a {@code WWW-Authenticate} challenge, so a name that could break the
 * header's quoting is refused when the server is built, not discovered when a client is challenged.
 */
final class ScopeNames {

  private ScopeNames() {}

  /** An unmodifiable copy that keeps the given order (challenges then list scopes predictably). */
  static Set<String> copyOf(Collection<String> scopes) {
    if (scopes == null || scopes.isEmpty()) {
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String s : scopes) {
      out.add(check(s));
    }
    return Collections.unmodifiableSet(out);
  }

  static String check(String scope) {
    if (scope == null || scope.isEmpty()) {
      throw new IllegalArgumentException("a scope name must not be empty");
    }
    for (int i = 0; i < scope.length(); i++) {
      char c = scope.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
        throw new IllegalArgumentException("invalid scope name '" + scope.replaceAll("\\p{Cntrl}", "?")
            + "': scopes are printable ASCII without space, quote or backslash (RFC 6749 §3.3)");
      }
    }
    return scope;
  }

  /** The union of two scope sets, {@code first}'s scopes first. */
  static Set<String> union(Set<String> first, Set<String> second) {
    if (second.isEmpty()) {
      return first;
    }
    if (first.isEmpty()) {
      return second;
    }
    Set<String> u = new LinkedHashSet<>(first);
    u.addAll(second);
    return Collections.unmodifiableSet(u);
  }
}
