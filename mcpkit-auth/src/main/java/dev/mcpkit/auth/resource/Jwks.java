package dev.mcpkit.auth.resource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One authorization server's signing keys, cached. Keys are fetched on first use, again when the set is older than
 * {@code maxAge}, and again when a token names a key id the set does not have (the AS rotated its key); every fetch,
 * whatever triggered it, is at most one per {@code minInterval}, so tokens with made-up key ids cannot make the
 * resource server hammer the AS. A failed fetch keeps the keys already known.
 */
final class Jwks {

  /** Fetches the current key set. */
  interface Source {
    JWKSet fetch() throws IOException;
  }

  /** The outcome of a key lookup. */
  sealed interface Lookup {}

  record Found(JWK key) implements Lookup {}

  record NotFound() implements Lookup {}

  record Unavailable(String reason) implements Lookup {}

  private final Source source;
  private final Duration minInterval;
  private final Duration maxAge;
  // A lock rather than synchronized: the fetch blocks, and a virtual thread must not pin its carrier meanwhile.
  private final ReentrantLock lock = new ReentrantLock();
  private JWKSet keys;
  private Instant fetchedAt;
  private Instant lastAttempt;
  private String lastFailure = "not fetched yet";
  private int fetches;

  Jwks(Source source, Duration minInterval, Duration maxAge) {
    this.source = source;
    this.minInterval = minInterval;
    this.maxAge = maxAge;
  }

  /** The key for a token's {@code kid} (may be null) and algorithm. */
  Lookup find(String kid, JWSAlgorithm alg, Instant now) {
    lock.lock();
    try {
      if (keys == null || fetchedAt.plus(maxAge).isBefore(now)) {
        tryFetch(now);
      }
      if (keys == null) {
        return new Unavailable("the authorization server's keys could not be fetched: " + lastFailure);
      }
      JWK key = select(kid, alg);
      if (key == null && tryFetch(now)) {
        key = select(kid, alg);
      }
      return key == null ? new NotFound() : new Found(key);
    } finally {
      lock.unlock();
    }
  }

  /** How many fetches were attempted (for tests). */
  int fetches() {
    lock.lock();
    try {
      return fetches;
    } finally {
      lock.unlock();
    }
  }

  private boolean tryFetch(Instant now) {
    if (lastAttempt != null && lastAttempt.plus(minInterval).isAfter(now)) {
      return false;
    }
    lastAttempt = now;
    fetches++;
    try {
      keys = source.fetch();
      fetchedAt = now;
      return true;
    } catch (IOException | RuntimeException e) {
      lastFailure = String.valueOf(e.getMessage());
      return false;
    }
  }

  /**
   * A signing key of the right type and strength for {@code alg}: an EC P-256 key for ES256, an RSA key of at least
   * 2048 bits for RS256; never a key marked for encryption or for another algorithm. Without a {@code kid} the set
   * must hold exactly one such key, so that a token cannot pick among several.
   */
  private JWK select(String kid, JWSAlgorithm alg) {
    List<JWK> candidates = new ArrayList<>();
    for (JWK k : keys.getKeys()) {
      if (kid != null && !kid.equals(k.getKeyID())) {
        continue;
      }
      if (k.getKeyUse() != null && !KeyUse.SIGNATURE.equals(k.getKeyUse())) {
        continue;
      }
      if (k.getAlgorithm() != null && !k.getAlgorithm().equals(alg)) {
        continue;
      }
      boolean fits = JWSAlgorithm.ES256.equals(alg) ? k instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())
          : JWSAlgorithm.RS256.equals(alg) && k instanceof RSAKey rsa && rsa.size() >= 2048;
      if (fits) {
        candidates.add(k.toPublicJWK());
      }
    }
    if (kid == null) {
      return candidates.size() == 1 ? candidates.getFirst() : null;
    }
    return candidates.isEmpty() ? null : candidates.getFirst();
  }
}
