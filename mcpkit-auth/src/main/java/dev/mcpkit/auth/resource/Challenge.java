package dev.mcpkit.auth.resource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code WWW-Authenticate: Bearer} challenges (RFC 6750 §3, RFC 9728 §5.1). Every value is a quoted string with
 * {@code "} and {@code \} escaped and control characters replaced, so nothing a value holds can end the header or
 * start another one. Tokens are never part of a challenge.
 */
final class Challenge {

  private final Map<String, String> params = new LinkedHashMap<>();

  /** Adds a parameter; {@code null} or empty values are left out. */
  Challenge with(String name, String value) {
    if (value != null && !value.isEmpty()) {
      params.put(name, value);
    }
    return this;
  }

  String header() {
    StringBuilder b = new StringBuilder("Bearer");
    String sep = " ";
    for (Map.Entry<String, String> e : params.entrySet()) {
      b.append(sep).append(e.getKey()).append("=\"").append(quote(e.getValue())).append('"');
      sep = ", ";
    }
    return b.toString();
  }

  static String quote(String v) {
    StringBuilder b = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || c > 0x7e) {
        b.append(' '); // RFC 6750: error_description is %x20-21 / %x23-5B / %x5D-7E
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
