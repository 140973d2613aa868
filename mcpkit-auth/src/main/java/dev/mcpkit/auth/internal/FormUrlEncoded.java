package dev.mcpkit.auth.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code application/x-www-form-urlencoded} text (a form body or a query string) keeping every value of a
 * repeated name, so that the caller decides what a repetition means: the authorization server refuses it as an
 * {@code invalid_request}, the client's redirect endpoint ignores the response.
 */
public final class FormUrlEncoded {
  private FormUrlEncoded() {}

  /**
   * The names in order of first appearance, each with its values in order; {@code null} or empty text has none. An
   * empty pair ({@code a=1&&b=2}) is skipped, a name without {@code =} has the value {@code ""}.
   *
   * @throws IllegalArgumentException a malformed percent-escape
   */
  public static Map<String, List<String>> parse(String s) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    if (s == null || s.isEmpty()) {
      return m;
    }
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return m;
  }
}
