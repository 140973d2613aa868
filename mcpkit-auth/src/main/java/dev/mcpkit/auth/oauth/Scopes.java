package dev.mcpkit.auth.oauth;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * OAuth scope values (RFC 6749 §3.3) as ordered sets, one rule for every role. A {@code scope} value is scope tokens
 * separated by spaces ({@code scope = scope-token *( SP scope-token )}); a token is {@code 1*NQCHAR}, printable ASCII
 * without space, double quote or backslash ({@code %x21 / %x23-5B / %x5D-7E}).
 *
 * <p>A value from a peer (a challenge, a token response, a token's {@code scope} claim, an introspection answer) is
 * split at spaces only: a tab or a line break does not separate scopes, so {@code "read\tadmin"} is one (unknown)
 * scope, never {@code read} and {@code admin}. Such a piece is kept as it came (it matches no configured scope, and
 * text shown from it goes through the peer-text sanitizer). Names an operator configures are checked with
 * {@link #check} and refused when they are not scope tokens.
 */
public final class Scopes {

  private Scopes() {}

  /**
   * The space-separated pieces of a {@code scope} value in their order, without repeats; empty for {@code null} or
   * blank (see the class comment).
   */
  public static Set<String> parse(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String s : value.trim().split(" +")) {
      out.add(s);
    }
    return Collections.unmodifiableSet(out);
  }

  /**
   * How many space-separated pieces a {@code scope} value has, repeats included (so a bound on list size cannot be
   * passed by repeating one scope); 0 for {@code null} or blank. Pieces are found as {@link #parse} finds them.
   *
   * @param value a {@code scope} value, or {@code null}
   * @return the number of pieces
   */
  public static int count(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    return value.trim().split(" +").length;
  }

  /** Whether {@code s} is a scope token: {@code 1*NQCHAR}. */
  public static boolean isToken(String s) {
    return s != null && !s.isEmpty() && s.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != '"' && c != '\\');
  }

  /**
   * {@code scope} itself when it is a scope token.
   *
   * @throws IllegalArgumentException otherwise (for names an operator configures)
   */
  public static String check(String scope) {
    if (!isToken(scope)) {
      throw new IllegalArgumentException("invalid scope name: scopes are printable ASCII without space, quote or "
          + "backslash (RFC 6749 §3.3)");
    }
    return scope;
  }

  /** The {@code scope} value of a set: its members separated by one space. */
  public static String join(Collection<String> scopes) {
    return String.join(" ", scopes);
  }

  /** {@code a} then the members of {@code b} not in it. */
  public static Set<String> union(Collection<String> a, Collection<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return Collections.unmodifiableSet(out);
  }

  /** An unmodifiable set of {@code scopes} in their order, without repeats. */
  public static Set<String> ordered(Collection<String> scopes) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
  }

  /** {@code granted} plus every scope it implies under {@code implies} (broader to narrower), transitively. */
  public static Set<String> expand(Set<String> granted, Map<String, Set<String>> implies) {
    if (implies.isEmpty()) {
      return granted;
    }
    Set<String> out = new LinkedHashSet<>(granted);
    ArrayDeque<String> todo = new ArrayDeque<>(granted);
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
