package dev.mcpkit.auth.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (Bouncy Castle), in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} that other tools read too. The parameters are OWASP's
 * recommended minimum; verification reads them from the stored string, so they can be raised later.
 *
 * <p>One verification costs about 19 MiB and a core for ~100 ms, and anyone who can reach the login page or the
 * token endpoint can ask for one. So verifications are bounded process-wide ({@link #limitConcurrency}): past the
 * bound a caller waits at most {@value #WAIT_MILLIS} ms for a slot and is then refused with 503
 * {@code temporarily_unavailable}, instead of queueing without end.
 */
public final class PasswordHasher {

  private static final int MEMORY_KB = 19456;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();
  static final long WAIT_MILLIS = 250;

  /** The slots for verifications in progress; replaced as a whole by {@link #limitConcurrency}. */
  private static volatile Semaphore slots = new Semaphore(defaultConcurrency());

  /** A hash of nothing, verified against when the user does not exist, so both cases cost the same. */
  static final String DUMMY = hash("mcpkit-no-such-user");

  private PasswordHasher() {}

  /** Hashes {@code password} with a fresh 16-byte salt. */
  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] out = derive(password, salt, MEMORY_KB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt)
        + "$" + B64.encodeToString(out);
  }

  /**
   * How many verifications may run at once in this JVM (memory and cores are the JVM's, so the bound is too). The
   * default is the number of cores, at most one per 128 MiB of maximum heap, and at least one.
   */
  public static void limitConcurrency(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("at least one password hash must be allowed at a time");
    }
    slots = new Semaphore(max);
  }

  /** Restores the default bound of {@link #limitConcurrency} (for tests). */
  static void resetConcurrency() {
    slots = new Semaphore(defaultConcurrency());
  }

  private static int defaultConcurrency() {
    long byMemory = Runtime.getRuntime().maxMemory() / (128L << 20);
    return (int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), byMemory));
  }

  /**
   * Checks {@code password} against a PHC string; {@code false} for anything malformed. Constant-time compare.
   *
   * @throws RuntimeException (a 503 {@code temporarily_unavailable} when it reaches the authorization server's
   *     error handling) when every verification slot stayed busy for {@value #WAIT_MILLIS} ms
   */
  public static boolean verify(String password, String phc) {
    Semaphore s = slots;
    boolean acquired;
    try {
      acquired = s.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      acquired = false;
    }
    if (!acquired) {
      throw busy();
    }
    try {
      return check(password, phc);
    } finally {
      s.release();
    }
  }

  /** The refusal when no verification slot is free: the caller should try again in a moment. */
  static OAuthException busy() {
    return new OAuthException("temporarily_unavailable", "the server is busy checking other credentials; "
        + "try again in a moment", 503);
  }

  private static boolean check(String password, String phc) {
    try {
      String[] parts = phc.split("\\$");
      // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
      if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
        return false;
      }
      int m = 0;
      int t = 0;
      int p = 0;
      for (String kv : parts[3].split(",")) {
        int v = Integer.parseInt(kv.substring(2));
        switch (kv.charAt(0)) {
          case 'm' -> m = v;
          case 't' -> t = v;
          case 'p' -> p = v;
          default -> {
            return false;
          }
        }
      }
      if (m < 8 || m > 1 << 21 || t < 1 || t > 16 || p < 1 || p > 16) {
        return false; // refuse parameters that would make one login cost gigabytes or minutes
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      byte[] actual = derive(password, salt, m, t, p, expected.length);
      return MessageDigest.isEqual(expected, actual);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static byte[] derive(String password, byte[] salt, int m, int t, int p, int len) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(m).withIterations(t).withParallelism(p)
        .withSalt(salt).build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[len];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
