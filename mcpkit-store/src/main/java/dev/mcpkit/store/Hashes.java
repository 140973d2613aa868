package dev.mcpkit.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How secrets are keyed at rest: never stored in clear, only their SHA-256 digest. */
public final class Hashes {

  private Hashes() {}

  /** Lower-case hex SHA-256 of the UTF-8 bytes. Codes and tokens are 256-bit random values, so no salt is needed. */
  public static String sha256(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
