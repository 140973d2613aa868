package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.resource.JwtValidator;
import dev.mcpkit.auth.resource.Revocations;
import dev.mcpkit.auth.resource.StoreRevocations;
import dev.mcpkit.auth.resource.TokenValidator;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.store.RedisServer;
import dev.mcpkit.store.Store;
import dev.mcpkit.store.redis.RedisStore;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A revoked token, or a token of a grant family revoked after a replay, stops working at once on a JWT validator
 * in the same process (or sharing the store), even though the validator had accepted and cached it a moment before.
 */
class RevocationFeedTest {

  private static JwtValidator validator(TestAuthServer t, Revocations revocations) {
    return JwtValidator.builder().jwks(t.issuer, URI.create(t.endpoint("/jwks"))).revocations(revocations).build();
  }

  private static TokenValidator.Result check(JwtValidator v, TestAuthServer t, String token) {
    return v.validate(token, new TokenValidator.Expectations(RESOURCE, Set.of(t.issuer), t.clock,
        Duration.ofSeconds(30)));
  }

  private static String clientCredentialsToken(TestAuthServer t, HttpUser c) {
    return json(c.post(t.endpoint("/token"), Map.of("grant_type", "client_credentials", "resource", RESOURCE,
        "scope", "mcp:read"), Map.of("Authorization", basic(BASIC, SECRET)))).get("access_token").asString();
  }

  @Test
  void aRevokedAccessTokenIsRefusedAtOnceThoughItWasCached() {
    try (TestAuthServer t = new TestAuthServer(); HttpUser c = new HttpUser();
        JwtValidator v = validator(t, t.as.revocations())) {
      String at = clientCredentialsToken(t, c);
      String other = clientCredentialsToken(t, c);
      assertThat(check(v, t, at)).isInstanceOf(TokenValidator.Valid.class);
      assertThat(check(v, t, at)).isInstanceOf(TokenValidator.Valid.class); // now from the cache
      assertThat(c.post(t.endpoint("/revoke"), Map.of("token", at), Map.of("Authorization", basic(BASIC, SECRET)))
          .status()).isEqualTo(200);
      assertThat(check(v, t, at)).isInstanceOfSatisfying(TokenValidator.Invalid.class,
          i -> assertThat(i.reason()).isEqualTo("revoked"));
      assertThat(check(v, t, other)).isInstanceOf(TokenValidator.Valid.class);
    }
  }

  @Test
  void aReplayedCodeRevokesTheFamilyOnTheValidatorAtOnce() {
    try (TestAuthServer t = new TestAuthServer(); HttpUser u = new HttpUser(); HttpUser c = new HttpUser();
        JwtValidator v = validator(t, t.as.revocations())) {
      Pkce pkce = Pkce.create();
      String code = t.code(u, pkce);
      JsonNode first = json(t.redeem(c, code, pkce));
      String at = first.get("access_token").asString();
      assertThat(check(v, t, at)).isInstanceOf(TokenValidator.Valid.class);
      assertThat(t.redeem(c, code, pkce).status()).isEqualTo(400); // the replay
      assertThat(check(v, t, at)).isInstanceOf(TokenValidator.Invalid.class);
    }
  }

  @Test
  void aReplayedRefreshTokenRevokesTheFamilyForAGuardSharingTheRedisStore() {
    try (RedisServer redis = RedisServer.throwaway();
        TestAuthServer t = new TestAuthServer(RedisStore.connect(redis.uri()), "", b -> {});
        Store guardsOwnConnection = RedisStore.connect(redis.uri());
        HttpUser u = new HttpUser(); HttpUser c = new HttpUser();
        JwtValidator v = validator(t, new StoreRevocations(guardsOwnConnection, t.issuer))) {
      Pkce pkce = Pkce.create();
      JsonNode first = json(t.redeem(c, t.code(u, pkce), pkce));
      String rt1 = first.get("refresh_token").asString();
      JsonNode second = json(c.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token", rt1,
          "client_id", PUBLIC)));
      String at2 = second.get("access_token").asString();
      assertThat(check(v, t, at2)).isInstanceOf(TokenValidator.Valid.class);
      // rt1 again: a replay, so the whole family goes, at2 included
      assertThat(c.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token", rt1,
          "client_id", PUBLIC)).status()).isEqualTo(400);
      assertThat(check(v, t, at2)).isInstanceOf(TokenValidator.Invalid.class);
    }
  }
}
