package dev.mcpkit.core.text;

/**
 * The one place that makes text from a peer (a server, an authorization server, a child process)
 * safe to print on a terminal or write to a log: every code point that does not print as itself is
 * shown escaped (ESC as <code>&#92;u{1b}</code>), never dropped silently and never passed through.
 *
 * <p>Escaped: C0 and C1 controls (ESC, so no CSI/OSC sequence can start, and the 8-bit CSI
 * U+009B), DEL, format characters (zero-width spaces and joiners, bidi embeddings, overrides and
 * isolates, the BOM, soft hyphen, Unicode tag characters U+E0000–E007F), line and paragraph
 * separators U+2028/U+2029, lone surrogates, unassigned and private-use code points, Hangul fillers,
 * the Braille blank, the Khmer inherent vowels U+17B4/U+17B5 and variation selectors (except U+FE0E/U+FE0F, which only choose an emoji's
 * presentation). The text is read by code point, so characters outside the BMP are judged whole.
 */
public final class PeerText {

  private PeerText() {}

  /** Whether {@code cp} prints as itself: a visible character or a plain space. */
  public static boolean isPrintable(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> {
        return false;
      }
      default -> { }
    }
    return !(cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 // Hangul fillers
        || cp == 0x2800 // Braille pattern blank
        || cp == 0x034F // combining grapheme joiner
        || cp == 0x17B4 || cp == 0x17B5 // Khmer inherent vowels: default-ignorable marks that never show
        || (cp >= 0x180B && cp <= 0x180F) // Mongolian variation selectors and vowel separator
        || (cp >= 0xFE00 && cp <= 0xFE0D) || (cp >= 0xE0100 && cp <= 0xE01EF)); // variation selectors
  }

  /**
   * One line for a message: at most about {@code max} characters (then {@code ...}), line breaks
   * and tabs shown as spaces, every other non-printing code point escaped; trimmed.
   */
  public static String line(String s, int max) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 16);
    int i = 0;
    while (i < s.length() && b.length() < max) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n' || cp == '\r' || cp == '\t') {
        b.append(' ');
      } else {
        append(b, cp);
      }
    }
    if (i < s.length()) {
      b.append("...");
    }
    return b.toString().strip();
  }

  /** Multi-line text (a tool result, a message with the server's stderr): newlines and tabs kept, the rest as in {@link #line}. */
  public static String block(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n' || cp == '\t' || (cp == '\r' && i < s.length() && s.charAt(i) == '\n')) {
        b.appendCodePoint(cp); // a CR only as part of CRLF: a lone one would let the text overwrite its line
      } else {
        append(b, cp);
      }
    }
    return b.toString();
  }

  /**
   * A serialized JSON text made safe to print: every non-printing code point is written as a JSON
   * {@code \\uXXXX} escape (a surrogate pair for one outside the BMP), so the JSON stays valid and
   * means the same, but nothing in it acts on the terminal. Raw control characters can only be
   * whitespace between tokens in JSON text (serializers escape them in strings); those are kept.
   */
  public static String json(String json) {
    if (json == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); ) {
      int cp = json.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n' || cp == '\r' || cp == '\t' || isPrintable(cp)) {
        b.appendCodePoint(cp);
      } else {
        for (char c : Character.toChars(cp)) {
          b.append(String.format("\\u%04x", (int) c));
        }
      }
    }
    return b.toString();
  }

  private static void append(StringBuilder b, int cp) {
    if (isPrintable(cp)) {
      b.appendCodePoint(cp);
    } else {
      b.append("\\u{").append(Integer.toHexString(cp)).append('}');
    }
  }
}
