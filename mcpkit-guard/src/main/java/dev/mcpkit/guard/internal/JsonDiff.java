package dev.mcpkit.guard.internal;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.text.PeerText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A readable diff of two JSON definitions (the pinned one and the current one), one line per change, each naming
 * the JSON pointer inside the definition: a changed string shows the common context with the removed part in
 * {@code [-...-]} and the added part in <code>{+...+}</code> (a payload appended to a long description is shown,
 * not cut off), an added or removed member shows its value, anything else shows before and after. Every peer string
 * is escaped (invisible characters as <code>&#92;u{...}</code>). Not API.
 */
public final class JsonDiff {

  /** At most this many lines; then a line saying how many more changes there are. */
  static final int MAX_LINES = 20;
  private static final int CONTEXT = 40;
  private static final int MAX_PART = 600;

  private JsonDiff() {}

  /** The changes from {@code before} to {@code after}, at most {@value #MAX_LINES} lines and a count of the rest. */
  public static List<String> diff(JsonNode before, JsonNode after) {
    List<String> lines = new ArrayList<>();
    walk("", before, after, lines, 0);
    if (lines.size() > MAX_LINES) {
      int more = lines.size() - MAX_LINES;
      lines = new ArrayList<>(lines.subList(0, MAX_LINES));
      lines.add("... and " + more + " more " + (more == 1 ? "change" : "changes"));
    }
    return List.copyOf(lines);
  }

  private static void walk(String at, JsonNode a, JsonNode b, List<String> out, int depth) {
    if (a.equals(b)) {
      return;
    }
    String where = at.isEmpty() ? "/" : at;
    if (depth < 64 && a.isObject() && b.isObject()) {
      Set<String> names = new LinkedHashSet<>(a.propertyNames());
      names.addAll(b.propertyNames());
      for (String n : names) {
        String p = at + "/" + n.replace("~", "~0").replace("/", "~1");
        if (!b.has(n)) {
          out.add(PeerText.line(p, 200) + ": removed (was " + value(a.get(n)) + ")");
        } else if (!a.has(n)) {
          out.add(PeerText.line(p, 200) + ": added " + value(b.get(n)));
        } else {
          walk(p, a.get(n), b.get(n), out, depth + 1);
        }
      }
    } else if (depth < 64 && a.isArray() && b.isArray() && a.size() == b.size()) {
      for (int i = 0; i < a.size(); i++) {
        walk(at + "/" + i, a.get(i), b.get(i), out, depth + 1);
      }
    } else if (a.isString() && b.isString()) {
      out.add(PeerText.line(where, 200) + ": " + strings(a.asString(), b.asString()));
    } else {
      out.add(PeerText.line(where, 200) + ": " + value(a) + " -> " + value(b));
    }
  }

  /** The common prefix and suffix as context, the differing middle marked. */
  static String strings(String a, String b) {
    int pre = 0;
    int max = Math.min(a.length(), b.length());
    while (pre < max && a.charAt(pre) == b.charAt(pre)) {
      pre++;
    }
    int suf = 0;
    while (suf < max - pre && a.charAt(a.length() - 1 - suf) == b.charAt(b.length() - 1 - suf)) {
      suf++;
    }
    // never split a surrogate pair (a tag character is two chars)
    while (pre > 0 && Character.isHighSurrogate(a.charAt(pre - 1))) {
      pre--;
    }
    while (suf > 0 && Character.isLowSurrogate(a.charAt(a.length() - suf))) {
      suf--;
    }
    int from = Math.max(0, pre - CONTEXT);
    while (from > 0 && Character.isLowSurrogate(a.charAt(from))) {
      from--;
    }
    int to = Math.min(a.length(), a.length() - suf + CONTEXT);
    while (to < a.length() && Character.isLowSurrogate(a.charAt(to))) {
      to++;
    }
    StringBuilder s = new StringBuilder("\"");
    s.append(from > 0 ? "..." : "").append(text(a.substring(from, pre)));
    String removed = a.substring(pre, a.length() - suf);
    String added = b.substring(pre, b.length() - suf);
    if (!removed.isEmpty()) {
      s.append("[-").append(text(removed)).append("-]");
    }
    if (!added.isEmpty()) {
      s.append("{+").append(text(added)).append("+}");
    }
    s.append(text(a.substring(a.length() - suf, to))).append(to < a.length() ? "..." : "").append('"');
    return s.toString();
  }

  /** A string as inside a JSON literal (quotes and line breaks escaped), invisible characters made visible. */
  private static String text(String s) {
    String q = Json.write(s.length() > MAX_PART ? s.substring(0, MAX_PART) : s);
    String inner = q.substring(1, q.length() - 1);
    StringBuilder b = new StringBuilder(inner.length());
    // as PeerText.line does, but without trimming: a leading or trailing space may be the whole change
    inner.codePoints().forEach(cp -> {
      if (PeerText.isPrintable(cp)) {
        b.appendCodePoint(cp);
      } else {
        b.append("\\u{").append(Integer.toHexString(cp)).append('}');
      }
    });
    return b + (s.length() > MAX_PART ? "..." : "");
  }

  private static String value(JsonNode v) {
    return v.isString() ? "\"" + text(v.asString()) + "\"" : PeerText.line(Json.write(v), 300);
  }
}
