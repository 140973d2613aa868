package dev.mcpkit.examples.oauth;

import java.security.SecureRandom;
import java.util.Base64;

/** Small helpers of the example programs. */
final class Ports {

  private Ports() {}

  /** A random URL-safe string of {@code bytes} random bytes (passwords, secrets). */
  static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
