package dev.mcpkit.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON stack of mcpkit: a shared, immutable Jackson 3 mapper configured for MCP wire types.
 *
 * <p>Absent optional fields are omitted on the wire (records use {@code null} for "absent"), unknown
 * fields are ignored when reading (peers of newer revisions add fields), and numbers keep their
 * exact form so that a value read and written again is unchanged.
 *
 * <p>Reading is strict where leniency is an attack surface: an object with the same key twice is
 * malformed (last-wins would let {@code "method":"tools/call","method":"tools/list"} mean two
 * things to two parsers), nesting is bounded, and a number whose decimal exponent exceeds {@link
 * #maxNumberExponent()} in magnitude is refused ({@link NumberOutOfRangeException}): floats are
 * read exactly as {@code BigDecimal}, and {@code 1e1000000} is 11 bytes on the wire but a
 * million digits when printed or added to.
 */
public final class Json {

  /** Nesting limit for incoming documents; deep nesting is a cheap denial-of-service vector. */
  public static final int MAX_NESTING_DEPTH = 200;

  /** The default bound on the magnitude of a number's decimal exponent. */
  public static final int DEFAULT_MAX_NUMBER_EXPONENT = 1000;

  /**
   * The system property that changes the exponent bound (read once, when this class loads; the
   * mapper is shared and immutable, so the bound is per JVM).
   */
  public static final String MAX_NUMBER_EXPONENT_PROPERTY = "mcpkit.json.maxNumberExponent";

  private static final int MAX_NUMBER_EXPONENT = readBound();

  private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .nodeFactory(new BoundedNodeFactory())
      .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL)
          .withContentInclusion(JsonInclude.Include.NON_NULL))
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private Json() {}

  /** The shared mapper. Thread-safe; never reconfigure it. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** A new, empty object node. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A new, empty array node. */
  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /**
   * The bound on the magnitude of a number's decimal exponent (as in {@code 1.5e300}: 300): {@value
   * #DEFAULT_MAX_NUMBER_EXPONENT} unless the system property {@value #MAX_NUMBER_EXPONENT_PROPERTY}
   * says otherwise.
   */
  public static int maxNumberExponent() {
    return MAX_NUMBER_EXPONENT;
  }

  /** Whether a number is within {@link #maxNumberExponent()} (integers and doubles always are). */
  public static boolean inRange(BigDecimal d) {
    // The exponent of the number in scientific notation: 1e5 and 100000 both have 5.
    long exponent = (long) d.precision() - d.scale() - 1;
    return Math.abs(exponent) <= MAX_NUMBER_EXPONENT;
  }

  /*
   * Two readers of the same mapper. TREES refuses a duplicate key where the tree is built: the object's
   * map says whether the key was there as the member is put, which costs nothing, where the parser's
   * own check (STRICT_DUPLICATE_DETECTION) keeps a set of the names of every object (about a tenth of
   * a small request's parse). It refuses the same documents, but reports a duplicate only after its
   * value, and in its own words; so every document it refuses is read again by the strict mapper,
   * which throws exactly what it always did (the first problem in document order, in the same words).
   * Well-formed documents, nearly all of them, are read once.
   */
  private static final ObjectReader TREES = MAPPER.reader()
      .without(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  // Documents read a second time by the strict mapper (refused ones): read by tests.
  private static final LongAdder STRICT_READS = new LongAdder();

  /**
   * Parses a JSON text.
   *
   * @throws JacksonException on malformed input, a duplicate key, or a number out of range ({@link
   *     NumberOutOfRangeException}, which names where the number is)
   */
  public static JsonNode parse(String text) {
    try {
      JsonNode tree = TREES.readTree(text);
      if (tree != null && !tree.isMissingNode()) {
        return tree;
      }
    } catch (JacksonException | NumberFormatException refused) {
      // read again below, for the strict reader's exception
    }
    STRICT_READS.increment();
    try {
      return MAPPER.readTree(text);
    } catch (OutOfRange | NumberFormatException e) {
      // NumberFormatException: Jackson's BigDecimal parser refuses an exponent beyond 32 bits
      // ("-9e7555555555555") itself, with an unchecked exception that is not a JacksonException.
      throw locate(MAPPER.createParser(text));
    }
  }

  /** Parses JSON bytes (UTF-8 or another encoding Jackson detects); see {@link #parse(String)}. */
  public static JsonNode parse(byte[] bytes) {
    try {
      JsonNode tree = TREES.readTree(bytes);
      if (tree != null && !tree.isMissingNode()) {
        return tree;
      }
    } catch (JacksonException | NumberFormatException refused) {
      // read again below, for the strict reader's exception
    }
    STRICT_READS.increment();
    try {
      return MAPPER.readTree(bytes);
    } catch (OutOfRange | NumberFormatException e) {
      throw locate(MAPPER.createParser(bytes));
    }
  }

  /** How many documents {@link #parse} read a second time with the strict reader (refused or empty ones). */
  static long strictReads() {
    return STRICT_READS.sum();
  }

  /**
   * Finds the first number out of range, by reading the document again as tokens (only after a
   * failure, so the common path pays nothing for the location). The tree builder stops at that
   * number, so the rest of the document is read too: a document that is malformed further on is a
   * parse error first (that exception is returned), as it would be without the number.
   */
  private static JacksonException locate(JsonParser p) {
    String found = null;
    try (p) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (found == null && t == JsonToken.VALUE_NUMBER_FLOAT && !inRange(p)) {
          found = p.streamReadContext().pathAsPointer().toString();
        }
      }
    } catch (JacksonException malformed) {
      return malformed;
    }
    return new NumberOutOfRangeException(found == null ? "" : found, MAX_NUMBER_EXPONENT);
  }

  private static boolean inRange(JsonParser p) {
    try {
      return inRange(p.getDecimalValue());
    } catch (NumberFormatException e) {
      return false; // an exponent beyond what BigDecimal holds
    }
  }

  /** Whether a tree holds a number out of range; returns its JSON Pointer, or {@code null}. */
  public static String findNumberOutOfRange(JsonNode node) {
    // Every request's params pass here: the common answer (none) is found without building paths;
    // the pointer is built only once a number out of range is known to be there.
    return hasNumberOutOfRange(node) ? find(node, new StringBuilder()) : null;
  }

  private static boolean hasNumberOutOfRange(JsonNode n) {
    if (n == null) {
      return false;
    }
    if (n.isBigDecimal()) {
      return !inRange(n.decimalValue());
    }
    if (n.isContainer()) {
      for (JsonNode child : n) {
        if (hasNumberOutOfRange(child)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String find(JsonNode n, StringBuilder path) {
    if (n == null) {
      return null;
    }
    if (n.isBigDecimal()) {
      return inRange(n.decimalValue()) ? null : path.toString();
    }
    if (n.isObject()) {
      for (var e : n.properties()) {
        int len = path.length();
        path.append('/').append(e.getKey().replace("~", "~0").replace("/", "~1"));
        String found = find(e.getValue(), path);
        if (found != null) {
          return found;
        }
        path.setLength(len);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        int len = path.length();
        String found = find(n.get(i), path.append('/').append(i));
        if (found != null) {
          return found;
        }
        path.setLength(len);
      }
    }
    return null;
  }

  private static int readBound() {
    String v = System.getProperty(MAX_NUMBER_EXPONENT_PROPERTY);
    if (v == null || v.isBlank()) {
      return DEFAULT_MAX_NUMBER_EXPONENT;
    }
    try {
      int bound = Integer.parseInt(v.trim());
      if (bound >= 1) {
        return bound;
      }
    } catch (NumberFormatException e) {
      // fall through: a bad setting must not silently lift the bound
    }
    throw new IllegalStateException(MAX_NUMBER_EXPONENT_PROPERTY + " must be a positive integer, not " + v);
  }

  /** Thrown by the node factory inside a parse; {@link #parse} turns it into a located exception. */
  private static final class OutOfRange extends StreamConstraintsException {
    OutOfRange() {
      super("number out of range");
    }
  }

  /**
   * Builds trees as usual but refuses out-of-range decimals as they are read: the check costs
   * nothing for integers and small floats, and no caller ever holds such a number.
   */
  private static final class BoundedNodeFactory extends JsonNodeFactory {
    @Override
    public tools.jackson.databind.node.ValueNode numberNode(BigDecimal v) {
      if (v != null && !inRange(v)) {
        throw new OutOfRange();
      }
      return super.numberNode(v);
    }
  }

  // ---- reading fields of untrusted documents ----
  //
  // Jackson 3's asString()/asBoolean()/asInt()/asLong()/asDouble() without a default throw on a value
  // they cannot coerce (an object, a number beyond 64 bits, 1e400), and with a default they coerce
  // silently (5 becomes "5", {} becomes the default). Neither is right for a peer's document: these
  // read a value only when it has the JSON type the field needs, and never throw.

  /**
   * The text of a JSON string; {@code null} when the node is absent, JSON {@code null}, or any other
   * type (never coerced: {@code 5} is not {@code "5"} and {@code {}} is not {@code ""}).
   */
  public static String string(JsonNode node) {
    return node != null && node.isString() ? node.asString() : null;
  }

  /**
   * A JSON number with no fractional part ({@code 5} or {@code 5.0}) that fits in a {@code long};
   * empty for anything else: absent, another type, a fraction, or a magnitude beyond 64 bits
   * ({@code 1e400}, a 30-digit integer).
   */
  public static OptionalLong wholeNumber(JsonNode node) {
    if (node == null || !node.isNumber()) {
      return OptionalLong.empty();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? OptionalLong.of(node.longValue()) : OptionalLong.empty();
    }
    if (node.isBigDecimal()) {
      try {
        // longValueExact refuses a fraction and, by its precision check, a huge exponent cheaply.
        return OptionalLong.of(node.decimalValue().longValueExact());
      } catch (ArithmeticException e) {
        return OptionalLong.empty();
      }
    }
    double d = node.doubleValue(); // a double or float node (a mapper without big decimals)
    boolean whole = Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p63;
    return whole ? OptionalLong.of((long) d) : OptionalLong.empty();
  }

  /**
   * A JSON number as a finite {@code double}; empty for anything else: absent, another type, or a
   * magnitude beyond the range of a double ({@code 1e400}, which would be infinite).
   */
  public static OptionalDouble finiteNumber(JsonNode node) {
    if (node == null || !node.isNumber()) {
      return OptionalDouble.empty();
    }
    double d = node.isBigDecimal() ? node.decimalValue().doubleValue() : node.asDouble(Double.NaN);
    return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
  }

  /** Converts a value (record, map, node) to a tree. */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** Converts a tree to a typed value; throws {@link JacksonException} when it does not fit. */
  public static <T> T convert(JsonNode node, Class<T> type) {
    return MAPPER.treeToValue(node, type);
  }

  /** Writes a value (record, map or node) as a JSON string with the shared mapper. */
  public static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** Writes a value (record, map or node) as UTF-8 JSON bytes with the shared mapper. */
  public static byte[] writeBytes(Object value) {
    return MAPPER.writeValueAsBytes(value);
  }
}
