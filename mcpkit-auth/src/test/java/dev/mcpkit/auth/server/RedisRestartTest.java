package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.store.RedisServer;
import dev.mcpkit.store.redis.RedisStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * With the Redis store, restarting the authorization server (and Redis itself) keeps registered clients, refresh
 * tokens and signing keys: tokens issued before the restart still verify and refresh.
 */
class RedisRestartTest {

  @Test
  void clientsRefreshTokensAndSigningKeysSurviveARestart(@TempDir Path dir) throws Exception {
    try (RedisServer redis = RedisServer.persistent(dir); HttpUser u = new HttpUser(); HttpUser c = new HttpUser()) {
      int port = LoopbackPorts.free();
      String clientId;
      String refresh;
      String access;
      String kid;
      try (TestAuthServer before = new TestAuthServer(RedisStore.connect(redis.uri()), port, "", b -> {})) {
        clientId = json(c.postRaw(before.endpoint("/register"), "application/json", "{\"application_type\":\"native\","
            + "\"client_name\":\"Kept\",\"redirect_uris\":[\"http://127.0.0.1/callback\"],"
            + "\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\",\"refresh_token\"]}",
            Map.of())).get("client_id").asString();
        Pkce pkce = Pkce.create();
        HttpUser.Reply back = before.authorize(u, before.authorizeUrl(pkce, Map.of("client_id", clientId)));
        JsonNode tokens = json(c.post(before.endpoint("/token"), Map.of("grant_type", "authorization_code", "code",
            back.locationQuery().get("code").getFirst(), "code_verifier", pkce.verifier(), "redirect_uri",
            "http://127.0.0.1:45678/callback", "client_id", clientId)));
        refresh = tokens.get("refresh_token").asString();
        access = tokens.get("access_token").asString();
        kid = SignedJWT.parse(access).getHeader().getKeyID();
      }
      redis.stop();
      redis.start();
      try (TestAuthServer after = new TestAuthServer(RedisStore.connect(redis.uri()), port, "", b -> {})) {
        // the signing key is still published, so the old access token still verifies
        assertThat(JWKSet.parse(c.get(after.endpoint("/jwks")).body()).getKeys()).extracting(JWK::getKeyID)
            .contains(kid);
        assertThat(json(c.post(after.endpoint("/introspect"), Map.of("token", access),
            Map.of("Authorization", basic(MCP_SERVER, SECRET)))).get("active").asBoolean()).isTrue();
        // the registered client is still known (a new browser sees its login page) ...
        try (HttpUser fresh = new HttpUser()) {
          HttpUser.Reply page = fresh.get(after.authorizeUrl(Pkce.create(), Map.of("client_id", clientId)));
          assertThat(page.status()).isEqualTo(200);
          assertThat(page.body()).contains("Kept");
        }
        // ... and the first browser's session and remembered consent survived too: straight back with a code.
        HttpUser.Reply again = u.get(after.authorizeUrl(Pkce.create(), Map.of("client_id", clientId)));
        assertThat(again.status()).isEqualTo(303);
        assertThat(again.locationQuery()).containsKey("code");
        // the refresh token still works, and rotation goes on
        HttpUser.Reply r = c.post(after.endpoint("/token"), Map.of("grant_type", "refresh_token", "refresh_token",
            refresh, "client_id", clientId));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("refresh_token").asString()).isNotEqualTo(refresh);
        // nothing secret sits in Redis in clear
        assertThat(after.store.findToken(refresh)).isEmpty();
      }
    }
  }
}
