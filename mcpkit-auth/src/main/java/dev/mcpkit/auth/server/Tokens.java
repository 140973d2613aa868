package dev.mcpkit.auth.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.store.Hashes;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.StoredToken;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and checks tokens. Access tokens are RFC 9068 JWTs ({@code typ: at+jwt}, ES256) and are also recorded by
 * {@code jti}, so that they can be revoked and introspected. Refresh tokens are 256-bit random strings stored only
 * as their SHA-256 hash. Every token belongs to a grant family; revoking the family revokes all of them.
 */
final class Tokens {

  static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Settings settings;
  private final Store store;
  private final Keys keys;

  Tokens(Settings settings, Store store, Keys keys) {
    this.settings = settings;
    this.store = store;
    this.keys = keys;
  }

  /** A fresh 256-bit random value, base64url: codes, refresh tokens, CSRF tokens, session ids. */
  static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  record AccessToken(String jwt, String jti, Instant expiresAt) {}

  /**
   * Signs an access token for {@code audience} and records it.
   *
   * @param notAfter an upper bound on the expiry (a token obtained by exchange never outlives its subject token),
   *     or {@code null}
   * @param extra more claims ({@code act} for token exchange)
   */
  AccessToken access(String subject, String clientId, String audience, String scope, String familyId,
      Instant notAfter, Map<String, Object> extra) {
    Instant now = settings.clock().instant();
    Instant exp = now.plus(settings.accessTokenTtl());
    if (notAfter != null && notAfter.isBefore(exp)) {
      exp = notAfter;
    }
    String jti = UUID.randomUUID().toString();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(settings.issuerString())
        .subject(subject)
        .audience(audience)
        .claim("client_id", clientId)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(exp))
        .jwtID(jti);
    if (scope != null && !scope.isEmpty()) {
      claims.claim("scope", scope);
    }
    if (extra != null) {
      extra.forEach(claims::claim);
    }
    ECKey key = keys.active();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(AT_JWT).keyID(key.getKeyID()).build(),
        claims.build());
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an access token", e);
    }
    store.saveToken(StoredToken.builder()
        .key(jti)
        .kind(StoredToken.Kind.ACCESS)
        .familyId(familyId)
        .clientId(clientId)
        .subject(subject)
        .scope(scope)
        .resource(audience)
        .issuedAt(now)
        .expiresAt(exp).build());
    return new AccessToken(jwt.serialize(), jti, exp);
  }

  /** Issues a refresh token in {@code familyId} and stores its hash. */
  String refresh(String subject, String clientId, String resource, String scope, String familyId) {
    Instant now = settings.clock().instant();
    String token = random();
    store.saveToken(StoredToken.builder()
        .key(Hashes.sha256(token))
        .kind(StoredToken.Kind.REFRESH)
        .familyId(familyId)
        .clientId(clientId)
        .subject(subject)
        .scope(scope)
        .resource(resource)
        .issuedAt(now)
        .expiresAt(now.plus(settings.refreshTokenTtl())).build());
    return token;
  }

  /** The record of a refresh token that is still usable (not expired, family not revoked), if any. */
  Optional<StoredToken> findRefresh(String token) {
    return store.findToken(Hashes.sha256(token))
        .filter(t -> t.kind() == StoredToken.Kind.REFRESH)
        .filter(t -> t.expiresAt().isAfter(settings.clock().instant()))
        .filter(t -> !store.isFamilyRevoked(t.familyId()));
  }

  /** A verified access token: its claims and its record. */
  record Verified(JWTClaimsSet claims, StoredToken record) {}

  /**
   * Verifies an access token this server issued: signature by one of its keys, {@code typ}, issuer, expiry, and
   * that it was neither revoked nor part of a revoked family.
   */
  Optional<Verified> verifyAccess(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || !AT_JWT.equals(jwt.getHeader().getType())) {
        return Optional.empty();
      }
      JWK jwk = keys.publicKeys().getKeyByKeyId(jwt.getHeader().getKeyID());
      if (jwk == null || !jwt.verify(new ECDSAVerifier(jwk.toECKey()))) {
        return Optional.empty();
      }
      JWTClaimsSet c = jwt.getJWTClaimsSet();
      Instant now = settings.clock().instant();
      if (!settings.issuerString().equals(c.getIssuer()) || c.getExpirationTime() == null
          || !c.getExpirationTime().toInstant().isAfter(now) || c.getJWTID() == null) {
        return Optional.empty();
      }
      return store.findToken(c.getJWTID())
          .filter(r -> r.kind() == StoredToken.Kind.ACCESS && !store.isFamilyRevoked(r.familyId()))
          .map(r -> new Verified(c, r));
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Revokes a whole grant family for as long as any of its tokens could live. */
  void revokeFamily(String familyId) {
    store.revokeFamily(familyId, settings.clock().instant().plus(settings.refreshTokenTtl())
        .plus(settings.accessTokenTtl()));
  }
}
