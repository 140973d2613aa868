package dev.mcpkit.cli;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** "Did you mean ...": the closest valid choice to a mistyped name, and the choices themselves. */
final class Suggest {

  /** How many choices a message lists before it says how many more there are. */
  private static final int SHOWN = 20;

  private Suggest() {}

  /**
   * One sentence for an unknown name: {@code did you mean "x"? The tools: a, b, c} (without the question when nothing
   * is close).
   *
   * @param what the kind of choices, plural ("the server's tools")
   */
  static String hint(String given, Collection<String> choices, String what) {
    if (choices.isEmpty()) {
      return what + ": none";
    }
    String close = closest(given, choices);
    return close == null ? what + ": " + list(choices) : "did you mean \"" + close + "\"? " + capitalize(what)
        + ": " + list(choices);
  }

  /** The choice nearest to {@code given} by edit distance (ignoring case), or {@code null} when none is near. */
  static String closest(String given, Collection<String> choices) {
    if (given == null) {
      return null;
    }
    String g = given.toLowerCase(Locale.ROOT);
    for (String c : choices) {
      if (g.length() >= 3 && c.toLowerCase(Locale.ROOT).startsWith(g)) {
        return c; // an abbreviation: "warn" for "warning"
      }
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : choices) {
      int d = distance(g, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    // near: a typo or two, more for longer names; a name that merely shares a few letters is no suggestion
    return bestDistance <= Math.max(2, g.length() / 3) ? best : null;
  }

  /** The choices, comma-separated, at most {@value #SHOWN} of them. */
  static String list(Collection<String> choices) {
    List<String> all = List.copyOf(choices);
    // a server names its tools: a name is clipped (by code point: never half a surrogate pair), so that twenty of
    // them stay a line or two
    String shown = String.join(", ", all.subList(0, Math.min(SHOWN, all.size())).stream()
        .map(c -> c.codePointCount(0, c.length()) > 80 ? c.substring(0, c.offsetByCodePoints(0, 79)) + "…" : c).toList());
    return all.size() > SHOWN ? shown + ", … (" + (all.size() - SHOWN) + " more)" : shown;
  }

  /** Levenshtein distance; names are short, and inputs longer than 200 characters are not compared at all. */
  static int distance(String a, String b) {
    if (a.length() > 200 || b.length() > 200) {
      return Integer.MAX_VALUE;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
