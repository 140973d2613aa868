package dev.mcpkit.auth.resource;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Scope strings and sets. */
final class Scopes {

  private Scopes() {}

  /** The scopes of a space-separated {@code scope} value (RFC 6749 §3.3); empty for {@code null}. */
  static Set<String> parse(String scope) {
    if (scope == null || scope.isBlank()) {
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String s : scope.trim().split(" +")) {
      out.add(s);
    }
    return Collections.unmodifiableSet(out);
  }

  /** A scope token: printable ASCII without space, double quote or backslash (it goes into quoted challenges). */
  static String check(String scope) {
    if (scope == null || scope.isEmpty() || !scope.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != '"'
        && c != '\\')) {
      throw new IllegalArgumentException("invalid scope name: scopes are printable ASCII without space, quote or "
          + "backslash (RFC 6749 §3.3)");
    }
    return scope;
  }

  /** {@code granted} plus every scope it implies, transitively. */
  static Set<String> expand(Set<String> granted, Map<String, Set<String>> implies) {
    if (implies.isEmpty()) {
      return granted;
    }
    Set<String> out = new LinkedHashSet<>(granted);
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(granted);
    while (!todo.isEmpty()) {
      for (String narrower : implies.getOrDefault(todo.pop(), Set.of())) {
        if (out.add(narrower)) {
          todo.push(narrower);
        }
      }
    }
    return out;
  }
}
