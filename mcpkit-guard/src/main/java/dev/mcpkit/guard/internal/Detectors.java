package dev.mcpkit.guard.internal;

import dev.mcpkit.core.text.PeerText;
import dev.mcpkit.guard.ScanContext;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in detectors a rule can name instead of patterns, and the text form patterns are matched on. Every
 * check walks the text by code point (never by UTF-16 unit), so characters outside the BMP are judged whole.
 */
public final class Detectors {

  /** The detectors of text and names; the launch detectors are in {@link LaunchChecks}. */
  public static final List<String> NAMES = List.of("tag-characters", "invisible-characters", "control-characters",
      "mixed-script", "non-ascii-name", "long-text", "whitespace-padding", "encoded-payload", "foreign-tool",
      "unpinned-package", "inline-secret");

  /** Longer texts than this (in code points) are unusual for a description. */
  static final int LONG_TEXT = 2000;

  private static final Pattern BLOB = Pattern.compile("[A-Za-z0-9+/_-]{40,}={0,2}");
  private static final Pattern IDENT = Pattern.compile("\\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\\b");
  private static final Pattern TOOLISH_AFTER = Pattern.compile(
      "[`'\")\\s]*(?:tool\\b|function\\b|is (?:invoked|called|used|run)|gets? (?:invoked|called))",
      Pattern.CASE_INSENSITIVE);

  private Detectors() {}

  /**
   * The text patterns are matched on: Unicode tag characters decoded to the ASCII they encode (so a hidden payload is
   * read like visible text), every other non-printing code point except line breaks and tabs removed, NFKC applied
   * (full-width and other compatibility forms become plain letters). For names, {@code _}, {@code -} and camelCase
   * humps become spaces ({@code content_from_reading_ssh_id_rsa} reads "content from reading ssh id rsa").
   */
  public static String normalize(String raw, boolean name) {
    StringBuilder b = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); ) {
      int cp = raw.codePointAt(i);
      i += Character.charCount(cp);
      if (cp >= 0xE0020 && cp <= 0xE007E) {
        b.append((char) (cp - 0xE0000));
      } else if (cp == '\n' || cp == '\t' || PeerText.isPrintable(cp)) {
        b.appendCodePoint(cp);
      }
    }
    String s = Normalizer.normalize(b, Normalizer.Form.NFKC);
    if (name) {
      s = s.replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ").replace('_', ' ').replace('-', ' ');
    }
    return s;
  }

  /** Around {@code [start, end)} of {@code text}: at most about 60 code points either side, made safe to print. */
  public static String excerpt(String text, int start, int end) {
    int from = Math.max(0, start - 60);
    int to = Math.min(text.length(), end + 60);
    if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
      from--;
    }
    if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
      to++;
    }
    return (from > 0 ? "..." : "") + PeerText.line(text.substring(from, to), 400) + (to < text.length() ? "..." : "");
  }

  /**
   * Runs a text detector.
   *
   * @param scope {@code text} or {@code name}
   * @return the excerpts of the hits (usually one; empty when nothing was found)
   */
  public static List<String> run(String detector, String raw, String scope, ScanContext ctx) {
    return switch (detector) {
      case "tag-characters" -> tags(raw);
      case "invisible-characters" -> invisible(raw);
      case "control-characters" -> controls(raw);
      case "mixed-script" -> scope.equals("name") ? mixedScript(raw) : List.of();
      case "non-ascii-name" -> scope.equals("name") && !raw.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
          ? List.of(PeerText.line(raw, 200)) : List.of();
      case "long-text" -> raw.codePointCount(0, raw.length()) > LONG_TEXT
          ? List.of(raw.codePointCount(0, raw.length()) + " characters: " + excerpt(raw, 0, 0)) : List.of();
      case "whitespace-padding" -> padding(raw);
      case "encoded-payload" -> blobs(raw);
      case "foreign-tool" -> scope.equals("text") ? foreignTools(normalize(raw, false), ctx) : List.of();
      default -> List.of(); // launch detectors: LaunchChecks
    };
  }

  private static List<String> tags(String raw) {
    StringBuilder decoded = new StringBuilder();
    int first = -1;
    for (int i = 0; i < raw.length(); ) {
      int cp = raw.codePointAt(i);
      if (cp >= 0xE0000 && cp <= 0xE007F) {
        first = first < 0 ? i : first;
        if (cp >= 0xE0020 && cp <= 0xE007E) {
          decoded.append((char) (cp - 0xE0000));
        }
      }
      i += Character.charCount(cp);
    }
    return first < 0 ? List.of() : List.of(excerpt(raw, first, first) + " (the tag characters spell \""
        + PeerText.line(decoded.toString(), 200) + "\")");
  }

  private static List<String> invisible(String raw) {
    int prev = -1;
    for (int i = 0; i < raw.length(); ) {
      int cp = raw.codePointAt(i);
      int at = i;
      i += Character.charCount(cp);
      boolean control = Character.getType(cp) == Character.CONTROL;
      boolean tag = cp >= 0xE0000 && cp <= 0xE007F;
      // a zero-width joiner between two symbols joins an emoji sequence (family, flags): that one is honest
      boolean emojiJoin = cp == 0x200D && prev >= 0 && Character.getType(prev) == Character.OTHER_SYMBOL;
      if (!PeerText.isPrintable(cp) && !control && !tag && !emojiJoin) {
        return List.of(excerpt(raw, at, i));
      }
      prev = cp;
    }
    return List.of();
  }

  private static List<String> controls(String raw) {
    for (int i = 0; i < raw.length(); ) {
      int cp = raw.codePointAt(i);
      int at = i;
      i += Character.charCount(cp);
      if (Character.getType(cp) == Character.CONTROL && cp != '\n' && cp != '\t' && cp != '\r') {
        return List.of(excerpt(raw, at, i));
      }
    }
    return List.of();
  }

  private static List<String> mixedScript(String raw) {
    Set<Character.UnicodeScript> scripts = new LinkedHashSet<>();
    raw.codePoints().filter(Character::isLetter).forEach(cp -> {
      Character.UnicodeScript s = Character.UnicodeScript.of(cp);
      if (s != Character.UnicodeScript.COMMON && s != Character.UnicodeScript.INHERITED) {
        scripts.add(s);
      }
    });
    return scripts.size() > 1 ? List.of(PeerText.line(raw, 200) + " (scripts: " + String.join(", ",
        scripts.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList()) + ")") : List.of();
  }

  private static List<String> blobs(String raw) {
    Matcher m = BLOB.matcher(raw);
    while (m.find()) {
      String t = m.group();
      boolean hex = t.matches("[0-9a-fA-F]+");
      // base64 of text runs at about 6 bits per character, hex at 4; prose and identifiers stay far below
      if (hex ? t.length() >= 64 : entropy(t) >= 4.5 && !t.matches("[a-z0-9_/-]+")) {
        return List.of(excerpt(raw, m.start(), m.end()));
      }
    }
    return List.of();
  }

  /** Shannon entropy in bits per character. */
  static double entropy(String s) {
    int[] counts = new int[128];
    s.chars().filter(c -> c < 128).forEach(c -> counts[c]++);
    double h = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / s.length();
        h -= p * Math.log(p) / Math.log(2);
      }
    }
    return h;
  }

  private static List<String> foreignTools(String text, ScanContext ctx) {
    List<String> hits = new ArrayList<>();
    String lower = text.toLowerCase(Locale.ROOT);
    for (String other : ctx.otherTools()) {
      String o = other.toLowerCase(Locale.ROOT);
      // short or plain-word names ("echo", "search") are ordinary words in prose
      if (ctx.ownNames().contains(other) || o.length() < 5 || !o.matches(".*[_\\-.].*")) {
        continue;
      }
      Matcher m = Pattern.compile("(?<![\\w-])" + Pattern.quote(o) + "(?![\\w-])").matcher(lower);
      if (m.find()) {
        hits.add(excerpt(text, m.start(), m.end()) + " (a tool of another server: " + PeerText.line(other, 80) + ")");
      }
    }
    Matcher m = IDENT.matcher(text);
    while (m.find() && hits.isEmpty()) {
      String id = m.group();
      // lookingAt on a region: no copy of the rest of the text per identifier (a text of many identifiers stays linear)
      if (!ctx.ownNames().contains(id) && TOOLISH_AFTER.matcher(text).region(m.end(), text.length()).lookingAt()) {
        hits.add(excerpt(text, m.start(), m.end()) + " (names a tool this server does not have: " + id + ")");
      }
    }
    return hits;
  }

  /**
   * A run of at least 40 spaces or tabs, or of whitespace holding at least 12 line breaks, followed by more text. One
   * pass, no regular expression: a hostile description of a million spaces costs a million steps, not a million
   * squared.
   */
  private static List<String> padding(String raw) {
    int runStart = -1;
    int blanks = 0;
    int breaks = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == ' ' || c == '\t' || c == '\u00a0' || c == '\n' || c == '\r') {
        if (runStart < 0) {
          runStart = i;
          blanks = 0;
          breaks = 0;
        }
        if (c == '\n') {
          breaks++;
          blanks = 0;
        } else if (c != '\r') {
          blanks++;
        }
        if (blanks >= 40 || breaks >= 12) {
          int next = i + 1;
          while (next < raw.length() && Character.isWhitespace(raw.charAt(next))) {
            next++;
          }
          if (next < raw.length()) {
            return List.of(excerpt(raw, runStart, runStart) + " (" + (next - runStart)
                + " blank characters, then: " + excerpt(raw, next, next) + ")");
          }
          return List.of();
        }
      } else {
        runStart = -1;
      }
    }
    return List.of();
  }
}
