package dev.mcpkit.auth.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** RFC 7636 S256: a fresh 43-character verifier (256 random bits) and its challenge; also random {@code state} values. */
record Pkce(String verifier, String challenge) {

  private static final SecureRandom RANDOM = new SecureRandom();

  static Pkce create() {
    String verifier = random();
    return new Pkce(verifier, challenge(verifier));
  }

  static String challenge(String verifier) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 256 random bits, base64url without padding (43 characters). */
  static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  @Override
  public String toString() {
    return "Pkce[S256]"; // never the verifier
  }
}
