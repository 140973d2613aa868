package dev.mcpkit.auth.client;

import dev.mcpkit.client.PeerText;

/** Making untrusted text safe to put in a message (through {@link PeerText}, the one sanitizer) or a page. */
final class Text {

  private Text() {}

  /** At most about {@code max} characters on one line, non-printing code points escaped, for error messages. */
  static String clip(String s, int max) {
    return PeerText.line(s, max);
  }

  static String html(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : clip(s, 500).toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
