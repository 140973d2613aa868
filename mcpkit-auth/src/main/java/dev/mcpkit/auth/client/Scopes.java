package dev.mcpkit.auth.client;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** Space-separated scope strings (RFC 6749 §3.3) as ordered sets. */
final class Scopes {

  private Scopes() {}

  static Set<String> parse(String value) {
    Set<String> out = new LinkedHashSet<>();
    if (value != null) {
      for (String s : value.trim().split("\\s+")) {
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
    }
    return Collections.unmodifiableSet(out);
  }

  static String join(Collection<String> scopes) {
    return String.join(" ", scopes);
  }

  /** {@code a} then the members of {@code b} not in it. */
  static Set<String> union(Collection<String> a, Collection<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return Collections.unmodifiableSet(out);
  }

  static Set<String> ordered(Collection<String> scopes) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
  }
}
