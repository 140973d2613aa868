package dev.mcpkit.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Reads the media types of a request as RFC 9110 defines them (sections 8.3.1 and 12.5.1): a type
 * and a subtype compared without case, then parameters; in {@code Accept}, ranges with wildcards
 * and a weight {@code q}, where {@code q=0} means "not acceptable". So {@code application/jsonx} is
 * not JSON and {@code text/event-streamz} is not SSE, which a substring test took them for.
 *
 * <p>A client sends the same {@code Accept} and {@code Content-Type} on every request, so what a
 * header value means is remembered for a few exact values ({@link Memo}); any other value is parsed
 * as above.
 */
final class Accepts {

  private static final String JSON = "application/json";
  private static final String SSE = "text/event-stream";

  /** One media type or range: lower-case type and subtype, and its weight (1 when not given). */
  record MediaRange(String type, String subtype, double q) {
    boolean matches(String mediaType) {
      int slash = mediaType.indexOf('/');
      boolean sameType = slash == type.length() && mediaType.startsWith(type);
      boolean sameSubtype = mediaType.length() - slash - 1 == subtype.length()
          && mediaType.startsWith(subtype, slash + 1);
      return (type.equals("*") && subtype.equals("*")) || (sameType && (subtype.equals("*") || sameSubtype));
    }
  }

  /** What an {@code Accept} header allows of the two media types an MCP server answers with. */
  private record Allowed(boolean json, boolean sse) {}

  private static final Memo<Allowed> ACCEPT = new Memo<>();
  private static final Memo<Boolean> CONTENT_TYPE = new Memo<>();

  private Accepts() {}

  /** POST: the client must accept both JSON and SSE (a wildcard counts for both). */
  static boolean jsonAndEventStream(Request request) {
    Allowed a = allowed(request);
    return a.json() && a.sse();
  }

  /** GET: the client must accept SSE. */
  static boolean eventStream(Request request) {
    return allowed(request).sse();
  }

  /** Whether the request's {@code Content-Type} is {@code application/json} (parameters such as charset allowed). */
  static boolean isJson(Request request) {
    String value = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (value == null) {
      return false;
    }
    Boolean known = CONTENT_TYPE.get(value);
    if (known != null) {
      return known;
    }
    MediaRange type = parse(value);
    boolean json = type != null && type.type().equals("application") && type.subtype().equals("json");
    CONTENT_TYPE.put(value, json);
    return json;
  }

  private static Allowed allowed(Request request) {
    List<String> values = request.getHeaders().getValuesList(HttpHeader.ACCEPT);
    if (values.size() != 1) {
      return allowed(values);
    }
    String value = values.getFirst();
    Allowed known = ACCEPT.get(value);
    if (known == null) {
      known = allowed(values);
      ACCEPT.put(value, known);
    }
    return known;
  }

  private static Allowed allowed(List<String> values) {
    List<MediaRange> ranges = ranges(values);
    return new Allowed(acceptable(ranges, JSON), acceptable(ranges, SSE));
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

  private static List<MediaRange> ranges(List<String> values) {
    List<MediaRange> out = new ArrayList<>();
    for (String value : values) {
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

  /**
   * The meaning of a few exact header values. Direct-mapped (a value's slot is fixed by its hash):
   * a client sending a new value on every request only replaces entries, so it stays at
   * {@link #SLOTS} values of at most {@link #MAX_KEY} characters whatever a client sends.
   */
  static final class Memo<V> {
    static final int SLOTS = 16;
    static final int MAX_KEY = 256;

    private record Entry<V>(String key, V value) {}

    private final AtomicReferenceArray<Entry<V>> slots = new AtomicReferenceArray<>(SLOTS);

    V get(String key) {
      Entry<V> e = slots.get(key.hashCode() & (SLOTS - 1));
      return e != null && e.key().equals(key) ? e.value() : null;
    }

    void put(String key, V value) {
      if (key.length() <= MAX_KEY) {
        slots.set(key.hashCode() & (SLOTS - 1), new Entry<>(key, value));
      }
    }

    int size() {
      int n = 0;
      for (int i = 0; i < SLOTS; i++) {
        n += slots.get(i) == null ? 0 : 1;
      }
      return n;
    }
  }
}
