package dev.mcpkit.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Reads the media types of a request as RFC 9110 defines them (sections 8.3.1 and 12.5.1): a type
 * and a subtype compared without case, then parameters; in {@code Accept}, ranges with wildcards
 * and a weight {@code q}, where {@code q=0} means "not acceptable". So {@code application/jsonx} is
 * not JSON and {@code text/event-streamz} is not SSE, which a substring test took them for.
 */
final class Accepts {

  private static final String JSON = "application/json";
  private static final String SSE = "text/event-stream";

  /** One media type or range: lower-case type and subtype, and its weight (1 when not given). */
  record MediaRange(String type, String subtype, double q) {
    boolean matches(String mediaType) {
      int slash = mediaType.indexOf('/');
      String t = mediaType.substring(0, slash);
      String s = mediaType.substring(slash + 1);
      return (type.equals("*") && subtype.equals("*")) || (type.equals(t) && (subtype.equals("*") || subtype.equals(s)));
    }
  }

  private Accepts() {}

  /** POST: the client must accept both JSON and SSE (a wildcard counts for both). */
  static boolean jsonAndEventStream(Request request) {
    List<MediaRange> ranges = ranges(request);
    return acceptable(ranges, JSON) && acceptable(ranges, SSE);
  }

  /** GET: the client must accept SSE. */
  static boolean eventStream(Request request) {
    return acceptable(ranges(request), SSE);
  }

  /** Whether the request's {@code Content-Type} is {@code application/json} (parameters such as charset allowed). */
  static boolean isJson(Request request) {
    MediaRange type = parse(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    return type != null && type.type().equals("application") && type.subtype().equals("json");
  }

  /**
   * Whether {@code mediaType} is acceptable: the most specific range that matches it decides, and a
   * weight of 0 refuses (RFC 9110, 12.5.1).
   */
  static boolean acceptable(List<MediaRange> ranges, String mediaType) {
    MediaRange best = null;
    for (MediaRange r : ranges) {
      if (r.matches(mediaType) && (best == null || specificity(r) > specificity(best))) {
        best = r;
      }
    }
    return best != null && best.q() > 0;
  }

  private static int specificity(MediaRange r) {
    return r.type().equals("*") ? 0 : r.subtype().equals("*") ? 1 : 2;
  }

  private static List<MediaRange> ranges(Request request) {
    List<MediaRange> out = new ArrayList<>();
    for (String value : request.getHeaders().getValuesList(HttpHeader.ACCEPT)) {
      for (String element : split(value, ',')) {
        MediaRange r = parse(element);
        if (r != null) {
          out.add(r);
        }
      }
    }
    return out;
  }

  /**
   * One media type or range with its parameters; {@code null} when it is not {@code token/token}
   * (a malformed element of an Accept list is ignored, as RFC 9110 lets a recipient do).
   */
  static MediaRange parse(String text) {
    if (text == null) {
      return null;
    }
    List<String> parts = split(text, ';');
    String full = parts.get(0).trim().toLowerCase(Locale.ROOT);
    int slash = full.indexOf('/');
    if (slash <= 0 || slash != full.lastIndexOf('/') || !isToken(full.substring(0, slash))
        || !isToken(full.substring(slash + 1))) {
      return null;
    }
    String type = full.substring(0, slash);
    String subtype = full.substring(slash + 1);
    if (type.equals("*") && !subtype.equals("*")) {
      return null;
    }
    double q = 1;
    for (int i = 1; i < parts.size(); i++) {
      String p = parts.get(i).trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("q")) {
        q = weight(p.substring(eq + 1).trim());
        if (q < 0) {
          return null;
        }
      }
    }
    return new MediaRange(type, subtype, q);
  }

  /** A qvalue: 0 to 1 with at most three decimals; -1 when malformed. */
  private static double weight(String v) {
    if (!v.matches("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?")) {
      return -1;
    }
    return Double.parseDouble(v);
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean tchar = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!tchar) {
        return false;
      }
    }
    return true;
  }

  /** Splits at {@code sep} outside quoted strings (a parameter value may hold commas and semicolons). */
  private static List<String> split(String s, char sep) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\' && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == sep && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
