package dev.mcpkit.gateway.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The served name of an upstream's tool or prompt: {@code prefix + separator + name} (just {@code name} for an empty
 * prefix), kept within the specification's 1 to 128 characters of {@code [A-Za-z0-9_.-]}. Deterministic, so that the
 * same upstream names give the same served names on every start and every gateway instance.
 */
public final class Names {

  /** The longest served name (the specification's bound for tool names). */
  public static final int MAX = 128;
  private static final Pattern OUTSIDE = Pattern.compile("[^A-Za-z0-9_.-]");

  private Names() {}

  /**
   * A served name and what was done to get it.
   *
   * @param served the name downstream clients see
   * @param renamed whether characters were replaced
   * @param shortened whether it was cut to {@link #MAX} characters
   */
  public record Served(String served, boolean renamed, boolean shortened) {}

  /** The served name of {@code name} under {@code prefix}. */
  public static Served serve(String prefix, String separator, String name) {
    String joined = prefix.isEmpty() ? name : prefix + separator + name;
    String clean = OUTSIDE.matcher(joined).replaceAll("_");
    boolean renamed = !clean.equals(joined) || clean.isEmpty();
    if (clean.isEmpty()) {
      clean = "_";
    }
    if (clean.length() <= MAX) {
      return new Served(clean, renamed, false);
    }
    // Cut, then a hash of the whole original name: two long names that share their first 119 characters stay apart.
    String hash = sha256(joined).substring(0, 8);
    return new Served(clean.substring(0, MAX - 9) + "-" + hash, renamed, true);
  }

  /**
   * The URI under which the gateway serves an upstream's resource whose URI another upstream already serves: {@code
   * mcpkit-gateway://UPSTREAM/ORIGINAL}, both percent-encoded, so it is a valid URI, unique per upstream, and decodes
   * back to the upstream and its URI.
   */
  public static String rewriteUri(String upstream, String uri) {
    return "mcpkit-gateway://" + encode(upstream) + "/" + encode(uri);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
