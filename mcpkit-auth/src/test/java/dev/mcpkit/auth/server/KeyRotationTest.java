package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ES256 signing keys rotate; the JWKS keeps a retired key exactly as long as tokens it signed can be valid. */
class KeyRotationTest {

  private static String token(TestAuthServer t, HttpUser c) {
    return json(c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials", "resource", RESOURCE),
        Map.of("Authorization", basic(BASIC, SECRET)))).get("access_token").asString();
  }

  private static String kid(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getHeader().getKeyID();
  }

  private static JWKSet jwks(TestAuthServer t, HttpUser c) throws Exception {
    return JWKSet.parse(c.get(t.endpoint("/jwks")).body());
  }

  @Test
  void aRetiredKeyStaysPublishedUntilItsTokensHaveExpired() throws Exception {
    try (TestAuthServer t = new TestAuthServer(b -> b.accessTokenTtl(Duration.ofMinutes(10))); HttpUser c =
        new HttpUser()) {
      String t1 = token(t, c);
      t.as.rotateSigningKey();
      String t2 = token(t, c);
      assertThat(kid(t2)).isNotEqualTo(kid(t1));
      assertThat(jwks(t, c).getKeys()).extracting(JWK::getKeyID).contains(kid(t1), kid(t2));
      assertThat(json(c.post(t.endpoint("/introspect"), Map.of("token", t1), Map.of("Authorization",
          basic(MCP_SERVER, SECRET)))).get("active").asBoolean()).isTrue();
      t.clock.advance(Duration.ofMinutes(9));
      assertThat(jwks(t, c).getKeys()).extracting(JWK::getKeyID).contains(kid(t1));
      t.clock.advance(Duration.ofMinutes(3)); // past 10 min + 1 min skew
      // only t2's key and the next key (published, not yet signing) remain
      assertThat(jwks(t, c).getKeys()).extracting(JWK::getKeyID).contains(kid(t2)).doesNotContain(kid(t1))
          .hasSize(2);
    }
  }

  @Test
  void keysRotateByThemselvesAfterTheInterval() throws Exception {
    try (TestAuthServer t = new TestAuthServer(b -> b.keyRotation(Duration.ofHours(1))); HttpUser c = new HttpUser()) {
      String t1 = token(t, c);
      t.clock.advance(Duration.ofMinutes(59));
      assertThat(kid(token(t, c))).isEqualTo(kid(t1));
      t.clock.advance(Duration.ofMinutes(2));
      String t3 = token(t, c);
      assertThat(kid(t3)).isNotEqualTo(kid(t1));
      assertThat(jwks(t, c).getKeys()).hasSize(3); // retired, active, and the next key
    }
  }
}
