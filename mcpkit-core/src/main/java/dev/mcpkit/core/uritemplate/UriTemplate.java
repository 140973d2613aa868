package dev.mcpkit.core.uritemplate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 6570 URI template (levels 1 to 4) with expansion, and the reverse: matching a concrete
 * URI against the template to recover variable values (what a server needs to route
 * {@code resources/read} to a resource template).
 *
 * <p>Matching is exact for the common shapes ({@code {var}}, {@code {+var}}, {@code {#var}},
 * {@code {/var}}, {@code {.var}}, {@code {;var}}, and query forms {@code {?a,b}} /
 * {@code {&a}}); explode modifiers on matching yield the raw joined value.
 */
public final class UriTemplate {

  private static final Pattern EXPRESSION = Pattern.compile("\\{([^}]*)}");
  private static final Pattern VARNAME = Pattern.compile("(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*");

  private final String template;
  private final List<Object> parts; // String literal or Expression
  private final List<String> variables;
  private volatile Pattern matcher;

  private record VarSpec(String name, int prefix, boolean explode) {}

  private record Expression(Operator op, List<VarSpec> vars) {}

  private enum Operator {
    SIMPLE("", ",", false, "", false),
    RESERVED("", ",", false, "", true),
    FRAGMENT("#", ",", false, "", true),
    LABEL(".", ".", false, "", false),
    PATH("/", "/", false, "", false),
    PATH_PARAM(";", ";", true, "", false),
    QUERY("?", "&", true, "=", false),
    QUERY_CONT("&", "&", true, "=", false);

    final String first;
    final String sep;
    final boolean named;
    final String ifEmpty;
    final boolean allowReserved;

    Operator(String first, String sep, boolean named, String ifEmpty, boolean allowReserved) {
      this.first = first;
      this.sep = sep;
      this.named = named;
      this.ifEmpty = ifEmpty;
      this.allowReserved = allowReserved;
    }

    static Operator of(char c) {
      return switch (c) {
        case '+' -> RESERVED;
        case '#' -> FRAGMENT;
        case '.' -> LABEL;
        case '/' -> PATH;
        case ';' -> PATH_PARAM;
        case '?' -> QUERY;
        case '&' -> QUERY_CONT;
        default -> null;
      };
    }
  }

  private UriTemplate(String template, List<Object> parts, List<String> variables) {
    this.template = template;
    this.parts = parts;
    this.variables = variables;
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException with the position of the problem for a malformed template
   */
  public static UriTemplate parse(String template) {
    List<Object> parts = new ArrayList<>();
    List<String> vars = new ArrayList<>();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      int strayClose = template.indexOf('}', i);
      if (strayClose >= 0 && (open < 0 || strayClose < open)) {
        throw new IllegalArgumentException("unmatched '}' at " + strayClose + " in URI template " + template);
      }
      if (open < 0) {
        parts.add(template.substring(i));
        break;
      }
      if (open > i) {
        parts.add(template.substring(i, open));
      }
      int close = template.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed '{' at " + open + " in URI template " + template);
      }
      String body = template.substring(open + 1, close);
      if (body.isEmpty()) {
        throw new IllegalArgumentException("empty expression at " + open + " in URI template " + template);
      }
      Operator op = Operator.of(body.charAt(0));
      if (op == null) {
        if ("=,!@|".indexOf(body.charAt(0)) >= 0) {
          throw new IllegalArgumentException("reserved operator '" + body.charAt(0) + "' in URI template " + template);
        }
        op = Operator.SIMPLE;
      } else {
        body = body.substring(1);
      }
      List<VarSpec> specs = new ArrayList<>();
      for (String spec : body.split(",", -1)) {
        boolean explode = spec.endsWith("*");
        int prefix = -1;
        String name = explode ? spec.substring(0, spec.length() - 1) : spec;
        int colon = name.indexOf(':');
        if (colon >= 0) {
          try {
            prefix = Integer.parseInt(name.substring(colon + 1));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + spec + "' in URI template " + template);
          }
          if (prefix <= 0 || prefix >= 10000) {
            throw new IllegalArgumentException("bad prefix length in '" + spec + "' in URI template " + template);
          }
          name = name.substring(0, colon);
        }
        if (!VARNAME.matcher(name).matches()) {
          throw new IllegalArgumentException("bad variable name '" + name + "' in URI template " + template);
        }
        specs.add(new VarSpec(name, prefix, explode));
        vars.add(name);
      }
      parts.add(new Expression(op, List.copyOf(specs)));
      i = close + 1;
    }
    return new UriTemplate(template, List.copyOf(parts), List.copyOf(vars));
  }

  /** The variable names, in order of appearance. */
  public List<String> variables() {
    return variables;
  }

  /** True when the template has no expressions (a plain URI). */
  public boolean isLiteral() {
    return variables.isEmpty();
  }

  @Override
  public String toString() {
    return template;
  }

  /**
   * Expands the template. Values may be strings (or any object, via {@code toString}), lists, or
   * maps; missing or null values are undefined and expand to nothing, as RFC 6570 says.
   */
  public String expand(Map<String, ?> values) {
    StringBuilder out = new StringBuilder();
    for (Object part : parts) {
      if (part instanceof String literal) {
        out.append(literal);
        continue;
      }
      Expression e = (Expression) part;
      boolean first = true;
      for (VarSpec v : e.vars()) {
        Object value = values.get(v.name());
        String expanded = expandVar(e.op(), v, value);
        if (expanded == null) {
          continue;
        }
        out.append(first ? e.op().first : e.op().sep).append(expanded);
        first = false;
      }
    }
    return out.toString();
  }

  private static String expandVar(Operator op, VarSpec v, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        return null;
      }
      List<String> items = new ArrayList<>();
      for (var entry : map.entrySet()) {
        String k = encode(String.valueOf(entry.getKey()), op.allowReserved);
        String val = encode(String.valueOf(entry.getValue()), op.allowReserved);
        items.add(v.explode() ? k + "=" + val : k + "," + val);
      }
      String joined = String.join(v.explode() ? op.sep : ",", items);
      return op.named && !v.explode() ? v.name() + "=" + joined : joined;
    }
    if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        return null;
      }
      List<String> items = new ArrayList<>();
      for (Object item : list) {
        String enc = encode(String.valueOf(item), op.allowReserved);
        items.add(op.named && v.explode() ? v.name() + "=" + enc : enc);
      }
      String joined = String.join(v.explode() ? op.sep : ",", items);
      return op.named && !v.explode() ? v.name() + "=" + joined : joined;
    }
    String s = String.valueOf(value);
    if (v.prefix() > 0 && s.codePointCount(0, s.length()) > v.prefix()) {
      s = s.substring(0, s.offsetByCodePoints(0, v.prefix()));
    }
    String enc = encode(s, op.allowReserved);
    if (op.named) {
      return s.isEmpty() ? v.name() + op.ifEmpty : v.name() + "=" + enc;
    }
    return enc;
  }

  /** Percent-encodes all but unreserved characters (and reserved ones when allowed). */
  static String encode(String s, boolean allowReserved) {
    StringBuilder out = new StringBuilder(s.length());
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      char c = (char) b;
      boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0;
      boolean reserved = b < 0x80 && ":/?#[]@!$&'()*+,;=".indexOf(c) >= 0;
      if (unreserved || (allowReserved && reserved)) {
        out.append(c);
      } else if (allowReserved && c == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
        out.append('%'); // keep an existing pct-encoded triplet
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  /**
   * Matches a concrete URI against this template.
   *
   * @return the decoded variable values, or empty when the URI does not fit the template
   */
  public Optional<Map<String, String>> match(String uri) {
    Pattern p = matcher;
    if (p == null) {
      p = matcher = compileMatcher();
    }
    Matcher m = p.matcher(uri);
    if (!m.matches()) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    int group = 1;
    for (Object part : parts) {
      if (!(part instanceof Expression e)) {
        continue;
      }
      String captured = m.group(group++);
      if (captured == null) {
        continue;
      }
      if (e.op() == Operator.QUERY || e.op() == Operator.QUERY_CONT) {
        for (String pair : captured.substring(1).split("&")) {
          int eq = pair.indexOf('=');
          String k = eq < 0 ? pair : pair.substring(0, eq);
          String val = eq < 0 ? "" : pair.substring(eq + 1);
          for (VarSpec v : e.vars()) {
            if (v.name().equals(k)) {
              values.put(k, decode(val));
            }
          }
        }
        continue;
      }
      String body = captured.startsWith(e.op().first) ? captured.substring(e.op().first.length()) : captured;
      if (e.vars().size() == 1) {
        VarSpec v = e.vars().getFirst();
        String raw = e.op().named && body.startsWith(v.name()) ? body.substring(v.name().length()).replaceFirst("^=", "") : body;
        values.put(v.name(), decode(raw));
      } else {
        String[] pieces = body.split(Pattern.quote(e.op().sep), -1);
        for (int i = 0; i < pieces.length && i < e.vars().size(); i++) {
          values.put(e.vars().get(i).name(), decode(pieces[i]));
        }
      }
    }
    return Optional.of(Collections.unmodifiableMap(values));
  }

  private Pattern compileMatcher() {
    StringBuilder re = new StringBuilder();
    for (Object part : parts) {
      if (part instanceof String literal) {
        re.append(Pattern.quote(literal));
        continue;
      }
      Expression e = (Expression) part;
      String value = switch (e.op()) {
        case SIMPLE -> e.vars().size() == 1 ? "[^/?#,]+" : "[^/?#]+";
        case RESERVED -> ".+?";
        case FRAGMENT -> "#.*";
        case LABEL -> "(?:\\.[^/?#]*)+";
        case PATH -> "(?:/[^/?#]*)+";
        case PATH_PARAM -> "(?:;[^/?#]*)+";
        case QUERY -> "\\?[^#]*";
        case QUERY_CONT -> "&[^#]*";
      };
      // Query expressions may be absent entirely; other expressions need a value.
      boolean optional = e.op() == Operator.QUERY || e.op() == Operator.QUERY_CONT;
      re.append('(').append(value).append(')').append(optional ? "?" : "");
    }
    return Pattern.compile(re.toString());
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    byte[] out = new byte[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && isHex((byte) s.charAt(i + 1)) && isHex((byte) s.charAt(i + 2))) {
        out[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
          if (n == out.length) {
            out = java.util.Arrays.copyOf(out, out.length * 2 + 4);
          }
          out[n++] = x;
        }
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }
}
