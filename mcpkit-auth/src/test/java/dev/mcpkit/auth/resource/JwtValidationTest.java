package dev.mcpkit.auth.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.mcpkit.auth.server.testing.DocServer;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Local validation of JWT access tokens (RFC 9068) against a test JWKS, with tokens minted to break one rule at a
 * time; every refusal is 401 {@code invalid_token} and the tool never runs.
 */
class JwtValidationTest {

  private MintedTokens m;

  @BeforeEach
  void start() {
    m = new MintedTokens();
  }

  @AfterEach
  void stop() {
    m.close();
  }

  private void assertRefused(String token, String description) {
    int before = m.calls.get();
    Reply r = m.call(token);
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer error=\"invalid_token\", error_description=\"" + description + "\"")
        .contains("resource_metadata=\"http://127.0.0.1:" + m.port + "/.well-known/oauth-protected-resource/mcp\"");
    assertThat(m.calls).as("the tool never ran").hasValue(before);
  }

  private void assertAccepted(String token) {
    Reply r = m.call(token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.result().path("content").get(0).path("text").asString()).isEqualTo("user-1");
  }

  @Test
  void goodTokensSignedWithES256OrRS256AreAccepted() {
    assertAccepted(m.es256(c -> {}));
    assertAccepted(m.sign(JWSAlgorithm.RS256, m.rsa, h -> {}, c -> {}));
    assertAccepted(m.sign(JWSAlgorithm.ES256, m.ec, h -> h.type(new JOSEObjectType("application/AT+JWT")), c -> {}));
    assertAccepted(m.es256(c -> c.audience(List.of(m.resource))));
  }

  @Test
  @DisplayName("SEC-RS-03 bad signature, alg none, HS256 with the public key, unknown kid and foreign keys are refused")
  void SEC_RS_03_signaturesAndKeys() throws Exception {
    String good = m.es256(c -> {});
    assertRefused(good.substring(0, good.lastIndexOf('.') + 1) + m.es256(c -> c.subject("other")).split("\\.")[2],
        "The access token's signature is not valid");
    assertRefused(m.sign(JWSAlgorithm.ES256, MintedTokens.ecKey("attacker"), h -> h.keyID("ec-1"), c -> {}),
        "The access token's signature is not valid");
    assertRefused(m.unsecured(), "The access token is not a signed JWT");
    assertRefused(m.hs256WithPublicKey(), "The access token's signing algorithm is not accepted (ES256 or RS256)");
    assertRefused(m.sign(JWSAlgorithm.ES256, MintedTokens.ecKey("unknown-kid"), h -> {}, c -> {}),
        "The access token's signing key is not one of the authorization server's");
    // an RS256 token whose kid names the EC key: the key type must fit the algorithm
    assertRefused(m.sign(JWSAlgorithm.RS256, m.rsa, h -> h.keyID("ec-1"), c -> {}),
        "The access token's signing key is not one of the authorization server's");
    // keys offered by the token itself (jwk, jku, x5u) are never used: a canary must see no request
    try (DocServer canary = new DocServer()) {
      ECKey attacker = MintedTokens.ecKey("attacker-key");
      canary.put("/jwks", DocServer.Doc.json(new com.nimbusds.jose.jwk.JWKSet(attacker.toPublicJWK()).toString()));
      assertRefused(m.sign(JWSAlgorithm.ES256, attacker, h -> h.jwk(attacker.toPublicJWK())
          .jwkURL(URI.create(canary.url("/jwks"))).x509CertURL(URI.create(canary.url("/x5u"))), c -> {}),
          "The access token's signing key is not one of the authorization server's");
      assertThat(canary.totalHits()).isZero();
    }
  }

  @Test
  void otherAlgorithmsAndWeakKeysAreRefused() {
    RSAKey weak = MintedTokens.rsaKey("rsa-weak", 1024);
    m.publish(m.ec, m.rsa, weak);
    m.clock.advance(Duration.ofHours(2)); // the next token fetches the new set
    assertRefused(m.sign(JWSAlgorithm.RS256, weak, h -> {}, c -> {}),
        "The access token's signing key is not one of the authorization server's");
    assertRefused(m.sign(JWSAlgorithm.PS256, m.rsa, h -> {}, c -> {}),
        "The access token's signing algorithm is not accepted (ES256 or RS256)");
  }

  @Test
  @DisplayName("SEC-RS-04 expired (beyond the skew), not yet valid and issued in the future are refused")
  void SEC_RS_04_time() {
    Date past = Date.from(m.clock.instant().minusSeconds(31));
    assertRefused(m.es256(c -> c.expirationTime(past).issueTime(past).notBeforeTime(past)),
        "The access token has expired");
    assertRefused(m.es256(c -> c.expirationTime(null)), "The access token has no expiry");
    Date future = Date.from(m.clock.instant().plusSeconds(120));
    assertRefused(m.es256(c -> c.notBeforeTime(future)), "The access token is not valid yet");
    assertRefused(m.es256(c -> c.issueTime(future)), "The access token is not valid yet");
    // within the 30 s skew, both ways
    assertAccepted(m.es256(c -> c.expirationTime(Date.from(m.clock.instant().minusSeconds(10)))));
    assertAccepted(m.es256(c -> c.notBeforeTime(Date.from(m.clock.instant().plusSeconds(10)))));
  }

  @Test
  @DisplayName("SEC-RS-05 a token from an issuer the resource does not list is refused")
  void SEC_RS_05_issuer() {
    assertRefused(m.es256(c -> c.issuer("https://evil.test")),
        "The access token was not issued by an authorization server this resource trusts");
    assertRefused(m.es256(c -> c.issuer(null)),
        "The access token was not issued by an authorization server this resource trusts");
    assertRefused(m.es256(c -> c.issuer(MintedTokens.ISSUER + "/")),
        "The access token was not issued by an authorization server this resource trusts");
  }

  @Test
  @DisplayName("SEC-RS-06 aud must be exactly the canonical resource URI")
  void SEC_RS_06_audience() {
    String other = "http://127.0.0.1:" + m.port + "/other";
    String upper = "HTTP://127.0.0.1:" + m.port + "/mcp";
    for (List<String> aud : List.of(List.of(other), List.of(MintedTokens.ISSUER), List.of("app"),
        List.of(m.resource + "/"), List.of(upper), List.of(other, m.resource), List.<String>of())) {
      assertRefused(m.es256(c -> c.audience(aud)), "The access token was not issued for this resource");
    }
    assertRefused(m.es256(c -> c.audience((String) null)), "The access token was not issued for this resource");
  }

  @Test
  @DisplayName("SEC-RS-07 an OIDC ID token (typ JWT) is not an access token")
  void SEC_RS_07_idTokenIsRefused() {
    assertRefused(m.sign(JWSAlgorithm.ES256, m.ec, h -> h.type(JOSEObjectType.JWT), c -> c.audience("app")),
        "The token is not a JWT access token (typ must be at+jwt)");
    assertRefused(m.sign(JWSAlgorithm.ES256, m.ec, h -> h.type(JOSEObjectType.JWT), c -> {}),
        "The token is not a JWT access token (typ must be at+jwt)");
    assertRefused(m.sign(JWSAlgorithm.ES256, m.ec, h -> h.type(null), c -> {}),
        "The token is not a JWT access token (typ must be at+jwt)");
  }

  @Test
  void aSubjectIsRequiredAndScopeMustBeAString() {
    assertRefused(m.es256(c -> c.subject(null)), "The access token has no subject");
    assertRefused(m.es256(c -> c.claim("scope", List.of("mcp:read"))),
        "The access token's scope or client_id claim is not a string");
  }

  @Test
  void unknownKeyIdsRefetchTheJwksAtMostOncePerInterval() {
    assertAccepted(m.es256(c -> {}));
    assertThat(m.jwks.hits("/jwks")).isEqualTo(1);
    // a rotated key the resource server has not seen: one refetch at most per 10 s, whatever tokens arrive
    ECKey next = MintedTokens.ecKey("ec-2");
    String rotated = m.sign(JWSAlgorithm.ES256, next, h -> {}, c -> {});
    for (int i = 0; i < 5; i++) {
      m.call(m.sign(JWSAlgorithm.ES256, MintedTokens.ecKey("made-up-" + i), h -> {}, c -> {}));
    }
    assertThat(m.jwks.hits("/jwks")).isEqualTo(1);
    m.publish(m.ec, next);
    assertRefused(rotated, "The access token's signing key is not one of the authorization server's");
    m.clock.advance(Duration.ofSeconds(11));
    assertThat(m.call(rotated).status()).isEqualTo(200);
    assertThat(m.jwks.hits("/jwks")).isEqualTo(2);
    assertAccepted(m.es256(c -> {}));
    assertThat(m.jwks.hits("/jwks")).as("known keys need no fetch").isEqualTo(2);
    assertThat(m.validator.fetches(MintedTokens.ISSUER)).isEqualTo(2);
  }

  @Test
  void anAcceptedTokenIsVerifiedOnceAndStillExpiresOnTime() {
    Date exp = Date.from(m.clock.instant().plusSeconds(60));
    String token = m.es256(c -> c.expirationTime(exp));
    for (int i = 0; i < 5; i++) {
      assertAccepted(token);
    }
    assertThat(m.validator.verifications()).as("one signature check for five calls").isEqualTo(1);
    // the remembered answer ends at exp: past exp plus the skew the token is refused, checked afresh
    m.clock.advance(Duration.ofSeconds(60 + 31));
    assertRefused(token, "The access token has expired");
    assertThat(m.validator.verifications()).isEqualTo(2);
    // refused tokens are never remembered: each attempt is checked again
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + m.es256(c -> c.subject("x")).split("\\.")[2];
    long before = m.validator.verifications();
    assertRefused(forged, "The access token's signature is not valid");
    assertRefused(forged, "The access token's signature is not valid");
    assertThat(m.validator.verifications()).isEqualTo(before + 2);
  }
}
