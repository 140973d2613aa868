package dev.mcpkit.examples.oauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.Base64;

/** Small helpers of the example programs. */
final class Ports {

  private Ports() {}

  /** A free port on 127.0.0.1, for a server whose URL must be known before it starts (issuer, resource URI). */
  static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A random URL-safe string of {@code bytes} random bytes (passwords, secrets). */
  static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
