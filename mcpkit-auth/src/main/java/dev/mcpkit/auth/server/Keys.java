package dev.mcpkit.auth.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.StoredSigningKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The ES256 keys that sign access tokens. One key is active; after {@code rotation} a new one takes over and the
 * old one is retired: it stays in the JWKS until every token it signed has expired (its retirement plus the
 * access-token lifetime plus a minute of clock skew), then it is deleted. Keys live in the store, so a Redis-backed
 * server keeps them across restarts and shares them between instances.
 */
final class Keys {

  private static final Duration SKEW = Duration.ofMinutes(1);

  private final Store store;
  private final Clock clock;
  private final Duration rotation;
  private final Duration accessTokenTtl;

  Keys(Store store, Clock clock, Duration rotation, Duration accessTokenTtl) {
    this.store = store;
    this.clock = clock;
    this.rotation = rotation;
    this.accessTokenTtl = accessTokenTtl;
  }

  /** The key to sign with now; creates one on first use and rotates an old one. */
  synchronized ECKey active() {
    Instant now = clock.instant();
    StoredSigningKey current = store.signingKeys().stream().filter(k -> k.retiredAt() == null).findFirst().orElse(null);
    if (current == null) {
      return parse(create(now));
    }
    if (!current.createdAt().plus(rotation).isAfter(now)) {
      return parse(rotate());
    }
    return parse(current);
  }

  /** Retires every active key and makes a new one; returns the new one. */
  synchronized StoredSigningKey rotate() {
    Instant now = clock.instant();
    for (StoredSigningKey k : store.signingKeys()) {
      if (k.retiredAt() == null) {
        store.saveSigningKey(new StoredSigningKey(k.keyId(), k.privateJwk(), k.createdAt(), now,
            now.plus(accessTokenTtl).plus(SKEW)));
      }
    }
    return create(now);
  }

  private StoredSigningKey create(Instant now) {
    try {
      ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
          .algorithm(com.nimbusds.jose.JWSAlgorithm.ES256).keyID(UUID.randomUUID().toString()).generate();
      StoredSigningKey stored = new StoredSigningKey(key.getKeyID(), key.toJSONString(), now, null, null);
      store.saveSigningKey(stored);
      return stored;
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an ES256 key", e);
    }
  }

  /** The public keys that may have signed a token still valid now; drops keys whose tokens have all expired. */
  JWKSet publicKeys() {
    Instant now = clock.instant();
    List<JWK> keys = new ArrayList<>();
    for (StoredSigningKey k : store.signingKeys()) {
      if (k.expiresAt() != null && !k.expiresAt().isAfter(now)) {
        store.deleteSigningKey(k.keyId());
        continue;
      }
      keys.add(parse(k).toPublicJWK());
    }
    return new JWKSet(keys);
  }

  private static ECKey parse(StoredSigningKey k) {
    try {
      return JWK.parse(k.privateJwk()).toECKey();
    } catch (ParseException e) {
      throw new IllegalStateException("stored signing key " + k.keyId() + " is unreadable", e);
    }
  }
}
