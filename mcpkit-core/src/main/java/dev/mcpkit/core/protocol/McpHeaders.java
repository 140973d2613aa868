package dev.mcpkit.core.protocol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;


/**
 * The HTTP headers of Streamable HTTP, and the 2026-07-28 rules for mirroring body values into
 * them ({@code Mcp-Method}, {@code Mcp-Name}, {@code Mcp-Param-*} from {@code x-mcp-header}),
 * shared by the server (which validates) and the client (which sends).
 */
public final class McpHeaders {

  /**
   * The protocol revision of an HTTP request: the negotiated one after {@code initialize} (2025 era), or the request's
   * own (2026-07-28).
   */
  public static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
  /** The session id of the 2025 era, issued by the server on {@code initialize}. */
  public static final String SESSION_ID = "Mcp-Session-Id";
  /** 2026-07-28: mirrors the body's {@code method}. */
  public static final String METHOD = "Mcp-Method";
  /** 2026-07-28: mirrors the tool, prompt or resource named in the params. */
  public static final String NAME = "Mcp-Name";
  /** 2026-07-28: prefix of the headers that mirror tool arguments marked {@code x-mcp-header}. */
  public static final String PARAM_PREFIX = "Mcp-Param-";
  /** The SSE header a client sends to resume a stream after the last event it received. */
  public static final String LAST_EVENT_ID = "Last-Event-ID";
  /** The schema keyword that mirrors a tool argument into a header. */
  public static final String X_MCP_HEADER = "x-mcp-header";

  private static final String B64_PREFIX = "=?base64?";
  private static final String B64_SUFFIX = "?=";
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private McpHeaders() {}

  /**
   * A tool argument mirrored into a header.
   *
   * @param name the header name suffix ({@code Mcp-Param-<name>})
   * @param path the chain of {@code properties} keys from the schema root to the argument
   */
  public record HeaderParam(String name, List<String> path) {

    /** The full header name, {@code Mcp-Param-<name>}. */
    public String headerName() {
      return PARAM_PREFIX + name;
    }

    /** The argument's value at this path, or empty when absent or null. */
    public Optional<JsonNode> valueIn(JsonNode arguments) {
      JsonNode n = arguments;
      for (String key : path) {
        if (n == null || !n.isObject()) {
          return Optional.empty();
        }
        n = n.get(key);
      }
      return n == null || n.isNull() || n.isMissingNode() ? Optional.empty() : Optional.of(n);
    }
  }

  /** The methods whose {@code Mcp-Name} header mirrors {@code params.name} or {@code params.uri}. */
  public static Optional<String> nameOf(String method, JsonNode params) {
    String field = switch (method) {
      case Methods.TOOLS_CALL, Methods.PROMPTS_GET -> "name";
      case Methods.RESOURCES_READ -> "uri";
      default -> null;
    };
    if (field == null || params == null) {
      return Optional.empty();
    }
    JsonNode v = params.get(field);
    return v != null && v.isString() ? Optional.of(v.asString()) : Optional.empty();
  }

  /**
   * The {@code x-mcp-header} parameters of a tool's input schema.
   *
   * @throws IllegalArgumentException naming the problem when an annotation breaks the rules (the
   *     tool definition is then invalid)
   */
  public static List<HeaderParam> headerParams(JsonNode inputSchema) {
    List<HeaderParam> params = new ArrayList<>();
    Set<String> reachable = new HashSet<>();
    collect(inputSchema, new ArrayList<>(), "", params, reachable);
    List<String> all = new ArrayList<>();
    findAll(inputSchema, "", all);
    for (String pointer : all) {
      if (!reachable.contains(pointer)) {
        throw new IllegalArgumentException(X_MCP_HEADER + " at " + (pointer.isEmpty() ? "/" : pointer)
            + " is not reachable from the schema root through \"properties\" only");
      }
    }
    Set<String> seen = new HashSet<>();
    for (HeaderParam p : params) {
      if (!seen.add(p.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(X_MCP_HEADER + " \"" + p.name() + "\" is used twice (names are case-insensitive)");
      }
    }
    return List.copyOf(params);
  }

  private static void collect(JsonNode schema, List<String> path, String pointer, List<HeaderParam> out, Set<String> reachable) {
    JsonNode props = schema == null ? null : schema.get("properties");
    if (props == null || !props.isObject()) {
      return;
    }
    for (var e : props.properties()) {
      List<String> childPath = new ArrayList<>(path);
      childPath.add(e.getKey());
      String childPointer = pointer + "/properties/" + escape(e.getKey());
      JsonNode child = e.getValue();
      JsonNode header = child.get(X_MCP_HEADER);
      if (header != null) {
        reachable.add(childPointer);
        if (!header.isString() || header.asString().isEmpty() || !isToken(header.asString())) {
          throw new IllegalArgumentException(X_MCP_HEADER + " of \"" + String.join(".", childPath)
              + "\" must be a non-empty HTTP token (letters, digits and !#$%&'*+-.^_`|~)");
        }
        String type = child.path("type").asString("");
        if (!type.equals("string") && !type.equals("integer") && !type.equals("boolean")) {
          throw new IllegalArgumentException(X_MCP_HEADER + " on \"" + String.join(".", childPath)
              + "\" needs a property of type string, integer or boolean (found " + (type.isEmpty() ? "none" : type) + ")");
        }
        out.add(new HeaderParam(header.asString(), List.copyOf(childPath)));
      }
      collect(child, childPath, childPointer, out, reachable);
    }
  }

  private static void findAll(JsonNode node, String pointer, List<String> out) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      if (node.has(X_MCP_HEADER)) {
        out.add(pointer);
      }
      for (var e : node.properties()) {
        findAll(e.getValue(), pointer + "/" + escape(e.getKey()), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        findAll(node.get(i), pointer + "/" + i, out);
      }
    }
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /** RFC 9110 token characters. */
  static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /** The header form of an argument value (string, integer or boolean), or empty for other types. */
  public static Optional<String> valueOf(JsonNode value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value.isString()) {
      return Optional.of(value.asString());
    }
    if (value.isBoolean()) {
      return Optional.of(value.asBoolean() ? "true" : "false");
    }
    if (value.isIntegralNumber() || (value.isNumber() && isWhole(value.decimalValue()))) {
      return Optional.of(value.decimalValue().stripTrailingZeros().toPlainString());
    }
    return Optional.empty();
  }

  private static boolean isWhole(BigDecimal d) {
    return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }

  /**
   * Encodes a value for a header: as is when it is plain visible ASCII without leading or trailing
   * whitespace, otherwise as {@code =?base64?...?=} of its UTF-8 bytes.
   */
  public static String encode(String value) {
    boolean plain = !value.isEmpty() && value.charAt(0) != ' ' && value.charAt(0) != '\t'
        && value.charAt(value.length() - 1) != ' ' && value.charAt(value.length() - 1) != '\t'
        && !(value.startsWith(B64_PREFIX) && value.endsWith(B64_SUFFIX));
    for (int i = 0; plain && i < value.length(); i++) {
      char c = value.charAt(i);
      plain = c == ' ' || c == '\t' || (c >= 0x21 && c <= 0x7e);
    }
    return plain ? value : B64_PREFIX + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + B64_SUFFIX;
  }

  /**
   * Decodes a header value (plain, or the base64 sentinel form).
   *
   * @throws IllegalArgumentException for characters not allowed in a header or bad base64
   */
  public static String decode(String header) {
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (!(c == ' ' || c == '\t' || (c >= 0x21 && c <= 0x7e))) {
        throw new IllegalArgumentException("header value contains a character outside visible ASCII");
      }
    }
    if (header.startsWith(B64_PREFIX) && header.endsWith(B64_SUFFIX) && header.length() >= B64_PREFIX.length() + B64_SUFFIX.length()) {
      String b64 = header.substring(B64_PREFIX.length(), header.length() - B64_SUFFIX.length());
      // Strict: padded, standard alphabet only (Java's decoder would accept missing padding).
      if (b64.length() % 4 != 0 || !b64.matches("[A-Za-z0-9+/]*={0,2}")) {
        throw new IllegalArgumentException("header value is not valid base64");
      }
      try {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("header value is not valid base64");
      }
    }
    return header;
  }

  /** Whether a decoded header value matches a body value (integers compare numerically). */
  public static boolean matches(String decodedHeader, JsonNode bodyValue) {
    if (bodyValue == null) {
      return false;
    }
    if (bodyValue.isNumber()) {
      try {
        return new BigDecimal(decodedHeader.trim()).compareTo(bodyValue.decimalValue()) == 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return valueOf(bodyValue).map(decodedHeader::equals).orElse(false);
  }

  /** True when an integer argument is outside the range every client can represent exactly. */
  public static boolean isUnsafeInteger(JsonNode value) {
    return value.isIntegralNumber() && value.bigIntegerValue().abs().compareTo(java.math.BigInteger.valueOf(MAX_SAFE_INTEGER)) > 0;
  }

}
