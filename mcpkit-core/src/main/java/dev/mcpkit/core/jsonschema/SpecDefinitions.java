package dev.mcpkit.core.jsonschema;

import dev.mcpkit.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code $defs} of a specification schema document, each read into a tree only when a request's schema
 * needs it.
 *
 * <p>Why: a document is about 180 KB of JSON with some 150 definitions, and a request's params schema
 * reaches a handful of them ({@code initialize}'s five, {@code tools/call}'s three in 2025-11-25). Building the
 * tree of the whole document was a fixed cost of every stdio start; here the document is
 * tokenized once to find where each definition starts and ends, and a definition is parsed, with {@link
 * Json#parse}, from its own bytes when first asked for. The trees are the ones the whole document's parse
 * gives, so the schemas built from them validate alike.
 *
 * <p>Tokenizing the document was itself about a tenth of a stdio server's first answer, so each document ships
 * with its definitions' offsets ({@code NAME.spans}, made from the document by {@link #spansOf} and kept
 * current by {@code SpecDefinitionsTest}). The spans file names the document's length and CRC-32C: a document
 * that does not match them (edited without remaking its spans) is tokenized as before, never read at wrong offsets.
 */
final class SpecDefinitions {

  private static final String DEFS = "#/$defs/";

  private final byte[] bytes;
  // definition name -> {start, end} byte offsets of its value in bytes
  private final Map<String, int[]> spans;
  private final Map<String, JsonNode> parsed = new ConcurrentHashMap<>();

  private final boolean fromSpansFile;

  private SpecDefinitions(byte[] bytes, Map<String, int[]> spans, boolean fromSpansFile) {
    this.bytes = bytes;
    this.spans = spans;
    this.fromSpansFile = fromSpansFile;
  }

  /** The definitions of the module resource {@code name} (relative to this package). */
  static SpecDefinitions load(String name) {
    byte[] bytes = resource(name);
    if (bytes == null) {
      throw new IllegalStateException("missing resource " + name);
    }
    byte[] spans = resource(name + ".spans");
    return load(name, bytes, spans == null ? null : new String(spans, StandardCharsets.UTF_8));
  }

  /** The definitions of {@code bytes}, at the offsets {@code spans} gives when it is the document's. */
  static SpecDefinitions load(String name, byte[] bytes, String spans) {
    Map<String, int[]> known = spans == null ? null : readSpans(spans, bytes);
    return new SpecDefinitions(bytes, known != null ? known : index(name, bytes), known != null);
  }

  /** Whether the offsets came from the spans file rather than from tokenizing the document (tests). */
  boolean fromSpansFile() {
    return fromSpansFile;
  }

  private static byte[] resource(String name) {
    try (InputStream in = SpecDefinitions.class.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The spans file of a document: a first line {@code length crc32c}, then {@code name start end} a line, sorted
   * by name (definition names are identifiers: no spaces).
   */
  static String spansOf(String name, byte[] bytes) {
    StringBuilder out = new StringBuilder().append(bytes.length).append(' ').append(crc(bytes)).append('\n');
    new TreeMap<>(index(name, bytes)).forEach((def, span) ->
        out.append(def).append(' ').append(span[0]).append(' ').append(span[1]).append('\n'));
    return out.toString();
  }

  /** The spans a spans file gives, or {@code null} when it was not made from these bytes. */
  private static Map<String, int[]> readSpans(String spans, byte[] bytes) {
    String[] lines = spans.split("\n");
    if (!lines[0].equals(bytes.length + " " + crc(bytes))) {
      return null;
    }
    Map<String, int[]> out = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(" ");
      out.put(f[0], new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])});
    }
    return Map.copyOf(out);
  }

  private static String crc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return Long.toHexString(crc.getValue());
  }

  /** The names of the definitions, in no particular order. */
  Iterable<String> names() {
    return spans.keySet();
  }

  /** How many definitions have been read into trees so far (tests). */
  int parsedCount() {
    return parsed.size();
  }

  /** The definition {@code name}, or {@code null} when the document has none by that name. */
  JsonNode get(String name) {
    int[] span = spans.get(name);
    if (span == null) {
      return null;
    }
    // Parsing twice in a race gives equal trees, and nobody changes one: no lock.
    return parsed.computeIfAbsent(name, n -> Json.parse(Arrays.copyOfRange(bytes, span[0], span[1])));
  }

  /**
   * The node a {@code "#/$defs/Name/..."} reference points at, or a missing node. The specification's
   * schemas refer to nothing else.
   */
  JsonNode at(String ref) {
    if (!ref.startsWith(DEFS)) {
      throw new IllegalArgumentException("not a reference into $defs: " + ref);
    }
    int slash = ref.indexOf('/', DEFS.length());
    String name = unescape(slash < 0 ? ref.substring(DEFS.length()) : ref.substring(DEFS.length(), slash));
    JsonNode def = get(name);
    if (def == null) {
      return tools.jackson.databind.node.MissingNode.getInstance();
    }
    return slash < 0 ? def : def.at(ref.substring(slash));
  }

  /**
   * The definitions {@code schema} reaches through {@code $ref}s, directly or through other definitions: a
   * {@code $defs} object for a schema that holds {@code schema}, sharing the definitions' trees.
   */
  ObjectNode reachableFrom(JsonNode schema) {
    ObjectNode defs = Json.object();
    Deque<JsonNode> todo = new ArrayDeque<>();
    todo.push(schema);
    while (!todo.isEmpty()) {
      JsonNode n = todo.pop();
      if (n.isObject()) {
        JsonNode ref = n.get("$ref");
        if (ref != null && ref.isString() && ref.asString().startsWith(DEFS)) {
          String name = unescape(ref.asString().substring(DEFS.length()).split("/", 2)[0]);
          JsonNode def = get(name);
          if (def != null && !defs.has(name)) {
            defs.set(name, def);
            todo.push(def);
          }
        }
      }
      if (n.isContainer()) {
        n.values().forEach(todo::push);
      }
    }
    return defs;
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }

  /** Where each member of the document's top-level {@code $defs} object starts and ends, by its name. */
  private static Map<String, int[]> index(String name, byte[] bytes) {
    Map<String, int[]> spans = new HashMap<>();
    // Skipping a definition only tokenizes it; the duplicate check, which keeps the names of every
    // object, is left to Json.parse of the definitions that are read.
    try (JsonParser p = Json.mapper().reader().without(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .createParser(bytes)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, name);
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        boolean defs = p.currentName().equals("$defs");
        JsonToken value = p.nextToken();
        if (!defs) {
          p.skipChildren();
          continue;
        }
        expect(value == JsonToken.START_OBJECT, name);
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String def = p.currentName();
          // Schemas in $defs are objects in the specification's documents (a boolean one would be a mistake)
          expect(p.nextToken() == JsonToken.START_OBJECT, name + " (definition " + def + ")");
          int start = (int) p.currentTokenLocation().getByteOffset();
          p.skipChildren();
          int end = (int) p.currentTokenLocation().getByteOffset() + 1;
          expect(spans.put(def, new int[] {start, end}) == null, name + " (a second definition of " + def + ")");
        }
      }
    }
    return Map.copyOf(spans);
  }

  private static void expect(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("unexpected shape of the schema document " + what);
    }
  }
}
