package dev.mcpkit.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How secrets are keyed at rest: never stored in clear, only their SHA-256 digest. */
public final class Hashes {

  /**
   * A digest that is never updated, only copied: a copy skips the provider lookup and reflective construction of
   * {@link MessageDigest#getInstance} (a JWT validator's cache hashes the bearer token of every request). Copies read
   * its initial state only, so threads may copy it at once. {@code null} when the provider's digest cannot be copied.
   */
  private static final MessageDigest SHA256 = cloneable();

  private Hashes() {}

  /** Lower-case hex SHA-256 of the UTF-8 bytes. Codes and tokens are 256-bit random values, so no salt is needed. */
  public static String sha256(String secret) {
    return HexFormat.of().formatHex(newSha256().digest(secret.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest newSha256() {
    if (SHA256 != null) {
      try {
        return (MessageDigest) SHA256.clone();
      } catch (CloneNotSupportedException e) {
        // cannot happen: cloneable() checked it; fall through to a fresh instance
      }
    }
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static MessageDigest cloneable() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.clone();
      return digest;
    } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
      return null;
    }
  }
}
