package dev.mcpkit.guard.internal;

import dev.mcpkit.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.erdtman.jcs.JsonCanonicalizer;
import tools.jackson.databind.JsonNode;

/**
 * RFC 8785 (JSON Canonicalization Scheme) and the SHA-256 of it: the pin of a definition. The canonical form comes
 * from the reference implementation (io.github.erdtman:java-json-canonicalization): members sorted by UTF-16 code
 * units, no whitespace, numbers in the ECMAScript form ({@code 1.0} and {@code 1E0} are {@code 1}), strings with
 * the minimal escapes. Not API.
 */
public final class Canonical {

  private Canonical() {}

  /** The RFC 8785 form of a JSON value. */
  public static String json(JsonNode node) {
    return json(Json.write(node));
  }

  /**
   * The RFC 8785 form of a JSON text.
   *
   * @throws IllegalArgumentException when the text is not JSON the scheme can represent (say, a number beyond the
   *     IEEE 754 double range)
   */
  public static String json(String text) {
    try {
      if (text.stripLeading().startsWith("{")) {
        return new JsonCanonicalizer(text).getEncodedString();
      }
      // The library (1.1) takes only an object at the top; RFC 8785 takes any value. The canonical form of
      // {"v":X} is {"v": + the canonical form of X + }, so X's own form is what lies between.
      String wrapped = new JsonCanonicalizer("{\"v\":" + text + "}").getEncodedString();
      return wrapped.substring(5, wrapped.length() - 1);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot canonicalize the JSON (RFC 8785): " + e.getMessage(), e);
    }
  }

  /** {@code sha256:} and the lower-case hex SHA-256 of the UTF-8 bytes of a canonical text. */
  public static String sha256(String canonical) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
