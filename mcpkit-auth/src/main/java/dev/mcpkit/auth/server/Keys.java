package dev.mcpkit.auth.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.mcpkit.store.SigningKeySet;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.StoredSigningKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * The ES256 keys that sign access tokens: one active key, one next key, and retired keys.
 *
 * <p>The next key is published in the JWKS from the moment it is made (at start-up, and at each rotation), one
 * rotation interval before it signs anything, so a resource server that cached the JWKS already knows it. When its
 * time comes it becomes the active key and the old one is retired: it stays in the JWKS until every token it signed
 * has expired (its retirement plus the access-token lifetime plus a minute of clock skew), then it is dropped.
 *
 * <p>The set lives in the store and every change is a compare-and-set on its version ({@link
 * Store#replaceSigningKeys}): the wanted set is computed from the one read, and written only if nobody changed it
 * meanwhile, else computed again. So two instances sharing Redis that start, or rotate, at the same moment agree on
 * one active key. The wanted set depends only on the stored keys and the time, so no lock is held and no thread
 * waits on another instance.
 */
final class Keys {

  private static final Duration SKEW = Duration.ofMinutes(1);
  /** The least time a next key is published before it signs, when a rotation is overdue (e.g. after downtime). */
  private static final Duration MIN_PUBLISHED = Duration.ofMinutes(5);
  private static final int ATTEMPTS = 20;

  private final Store store;
  private final Clock clock;
  private final Duration rotation;
  private final Duration accessTokenTtl;

  Keys(Store store, Clock clock, Duration rotation, Duration accessTokenTtl) {
    this.store = store;
    this.clock = clock;
    this.rotation = rotation;
    this.accessTokenTtl = accessTokenTtl;
    current(); // the active and the next key are published from start-up, before any token is signed
  }

  /** The key to sign with now. */
  ECKey active() {
    Instant now = clock.instant();
    return current().stream().filter(k -> k.retiredAt() == null && !k.activation().isAfter(now))
        .max(Comparator.comparing(StoredSigningKey::activation)).map(Keys::parse)
        .orElseThrow(() -> new IllegalStateException("no active signing key"));
  }

  /**
   * Makes the next key (published since the last rotation or start-up) the active one now, retires the active
   * key, and publishes a new next key.
   */
  void rotate() {
    for (int i = 0; i < ATTEMPTS; i++) {
      SigningKeySet set = store.signingKeySet();
      Instant now = clock.instant();
      List<StoredSigningKey> planned = plan(set.keys(), now);
      List<StoredSigningKey> promoted = new ArrayList<>();
      for (StoredSigningKey k : planned) {
        promoted.add(k.retiredAt() == null && k.activation().isAfter(now)
            ? StoredSigningKey.builder()
                .keyId(k.keyId())
                .privateJwk(k.privateJwk())
                .createdAt(k.createdAt())
                .activatesAt(now).build() : k);
      }
      if (store.replaceSigningKeys(set.version(), plan(promoted, now))) {
        return;
      }
    }
    throw new IllegalStateException("the signing keys changed too often to rotate them");
  }

  /** The public keys that may have signed a token still valid now, and the next key. */
  JWKSet publicKeys() {
    List<JWK> keys = new ArrayList<>();
    for (StoredSigningKey k : current()) {
      keys.add(parse(k).toPublicJWK());
    }
    return new JWKSet(keys);
  }

  /** The stored set brought up to date for now (created, rotated, pruned), written back if it changed. */
  private List<StoredSigningKey> current() {
    for (int i = 0; i < ATTEMPTS; i++) {
      SigningKeySet set = store.signingKeySet();
      List<StoredSigningKey> planned = plan(set.keys(), clock.instant());
      if (new HashSet<>(planned).equals(new HashSet<>(set.keys()))) {
        return planned;
      }
      if (store.replaceSigningKeys(set.version(), planned)) {
        return planned;
      }
      // another instance changed the set first: start again from what it wrote
    }
    throw new IllegalStateException("the signing keys changed too often to read them");
  }

  /**
   * The set as it should be at {@code now}: expired retired keys dropped; of the unretired keys whose time has come
   * the newest is active and the older ones are retired at the moment their successor activated; exactly one
   * future key (the next one), made if missing.
   */
  private List<StoredSigningKey> plan(List<StoredSigningKey> stored, Instant now) {
    List<StoredSigningKey> out = new ArrayList<>();
    List<StoredSigningKey> started = new ArrayList<>();
    StoredSigningKey next = null;
    for (StoredSigningKey k : stored) {
      if (k.retiredAt() != null) {
        if (k.expiresAt() == null || k.expiresAt().isAfter(now)) {
          out.add(k);
        }
      } else if (!k.activation().isAfter(now)) {
        started.add(k);
      } else if (next == null || k.activation().isBefore(next.activation())) {
        next = k; // a second future key (never signed anything) is dropped
      }
    }
    started.sort(Comparator.comparing(StoredSigningKey::activation));
    for (int i = 0; i < started.size() - 1; i++) {
      StoredSigningKey k = started.get(i);
      Instant retired = started.get(i + 1).activation();
      Instant expires = retired.plus(accessTokenTtl).plus(SKEW);
      if (expires.isAfter(now)) {
        out.add(StoredSigningKey.builder()
            .keyId(k.keyId())
            .privateJwk(k.privateJwk())
            .createdAt(k.createdAt())
            .retiredAt(retired)
            .expiresAt(expires)
            .activatesAt(k.activatesAt()).build());
      }
    }
    StoredSigningKey active = started.isEmpty() ? create(now, now) : started.getLast();
    out.add(active);
    if (next == null) {
      Instant due = active.activation().plus(rotation);
      Instant earliest = now.plus(rotation.compareTo(MIN_PUBLISHED) < 0 ? rotation : MIN_PUBLISHED);
      next = create(now, due.isBefore(earliest) ? earliest : due);
    }
    out.add(next);
    return out;
  }

  private static StoredSigningKey create(Instant now, Instant activatesAt) {
    try {
      ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
          .keyID(UUID.randomUUID().toString()).generate();
      return StoredSigningKey.builder()
          .keyId(key.getKeyID())
          .privateJwk(key.toJSONString())
          .createdAt(now)
          .activatesAt(activatesAt).build();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an ES256 key", e);
    }
  }

  private static ECKey parse(StoredSigningKey k) {
    try {
      return JWK.parse(k.privateJwk()).toECKey();
    } catch (ParseException e) {
      throw new IllegalStateException("stored signing key " + k.keyId() + " is unreadable", e);
    }
  }
}
