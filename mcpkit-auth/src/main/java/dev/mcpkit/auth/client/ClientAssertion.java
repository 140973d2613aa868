package dev.mcpkit.auth.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** RFC 7523 client assertions for {@code private_key_jwt}. */
final class ClientAssertion {

  static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private ClientAssertion() {}

  /** An ES256 JWT: {@code iss} = {@code sub} = the client id, {@code aud} = the issuer, valid 60 s, a fresh {@code jti}. */
  static String create(String clientId, String audience, ECPrivateKey key, String keyId, Instant now) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(audience)
        .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
        .jwtID(UUID.randomUUID().toString()).build();
    JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT);
    if (keyId != null) {
      h.keyID(keyId);
    }
    SignedJWT jwt = new SignedJWT(h.build(), claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("cannot sign the client assertion with this key (ES256 needs a P-256 key)", e);
    }
    return jwt.serialize();
  }
}
