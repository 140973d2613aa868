package dev.mcpkit.core.text;

/**
 * HTML escaping for the few pages mcpkit serves (the authorization server's sign-in and consent pages, the OAuth
 * client's loopback callback page). One escape for both, so a page cannot forget a character the other escapes.
 */
public final class Html {

  private Html() {}

  /**
   * Escapes text for HTML element content and for single- or double-quoted attribute values: {@code < > & " '}.
   *
   * @param s the text; {@code null} gives the empty string
   * @return the escaped text
   */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
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
