package dev.mcpkit.client.internal;

/** Makes peer-supplied text safe and short for error messages and logs. */
public final class Text {

  private Text() {}

  /** At most {@code max} characters, control characters (ANSI escapes included) shown as {@code \\uXXXX}. */
  public static String excerpt(String s, int max) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 16);
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t') {
        b.append(' ');
      } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (b.length() >= max && s.length() > max) {
      b.append("...");
    }
    return b.toString().strip();
  }
}
