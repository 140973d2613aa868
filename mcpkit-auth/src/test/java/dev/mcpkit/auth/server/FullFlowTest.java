package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole authorization-code flow over real HTTP: authorize → login → consent → code → token → refresh →
 * revoke → introspection says inactive.
 */
class FullFlowTest {

  @Test
  void authorizeLoginConsentTokenRefreshRevokeIntrospect() throws Exception {
    try (TestAuthServer t = new TestAuthServer(); HttpUser browser = new HttpUser(); HttpUser client = new HttpUser()) {
      Pkce pkce = Pkce.create();
      // authorize: not signed in, so the login page
      HttpUser.Reply login = browser.get(t.authorizeUrl(pkce, Map.of("scope", "mcp:read mcp:write")));
      assertThat(login.status()).isEqualTo(200);
      assertThat(login.body()).contains("Sign in").contains("Public &lt;b&gt;Client&lt;/b&gt;");
      // login
      HttpUser.Reply afterLogin = t.logIn(browser, login, ALICE, ALICE_PASSWORD);
      assertThat(afterLogin.status()).isEqualTo(303);
      // consent
      HttpUser.Reply consent = browser.get(afterLogin.location());
      assertThat(consent.body()).contains("Alice Example").contains("mcp:write").contains(RESOURCE);
      HttpUser.Reply back = browser.submit(t.endpoint("/consent"), Map.of("request", consent.hidden("request"),
          "csrf", consent.hidden("csrf"), "decision", "approve", "remember", "yes"));
      assertThat(back.status()).isEqualTo(303);
      assertThat(back.location()).startsWith("http://127.0.0.1:45678/callback?");
      Map<String, java.util.List<String>> q = back.locationQuery();
      assertThat(q.get("state")).containsExactly("state-123");
      assertThat(q.get("iss")).containsExactly(t.issuer);
      String code = q.get("code").getFirst();

      // token
      HttpUser.Reply token = t.redeem(client, code, pkce);
      assertThat(token.status()).isEqualTo(200);
      assertThat(token.header("Cache-Control")).isEqualTo("no-store");
      JsonNode tj = json(token);
      String at = tj.get("access_token").asString();
      String rt = tj.get("refresh_token").asString();
      assertThat(tj.get("token_type").asString()).isEqualTo("Bearer");
      assertThat(tj.get("scope").asString()).isEqualTo("mcp:read mcp:write");
      SignedJWT jwt = SignedJWT.parse(at);
      JWKSet jwks = JWKSet.parse(client.get(t.endpoint("/jwks")).body());
      assertThat(jwt.verify(new ECDSAVerifier(jwks.getKeyByKeyId(jwt.getHeader().getKeyID()).toECKey()))).isTrue();
      assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(ALICE);

      // refresh: a new pair; the old refresh token is spent
      HttpUser.Reply refreshed = client.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token",
          "refresh_token", rt, "client_id", PUBLIC, "resource", RESOURCE));
      assertThat(refreshed.status()).isEqualTo(200);
      String at2 = json(refreshed).get("access_token").asString();
      String rt2 = json(refreshed).get("refresh_token").asString();
      assertThat(rt2).isNotEqualTo(rt);

      // introspection (by the resource server's confidential client) says active
      Map<String, String> rsAuth = Map.of("Authorization", basic(MCP_SERVER, SECRET));
      assertThat(json(client.post(t.endpoint("/introspect"), Map.of("token", at2), rsAuth)).get("active").asBoolean())
          .isTrue();
      assertThat(json(client.post(t.endpoint("/introspect"), Map.of("token", rt2), rsAuth)).get("active").asBoolean())
          .isTrue();
      assertThat(json(client.post(t.endpoint("/introspect"), Map.of("token", rt), rsAuth)).get("active").asBoolean())
          .as("a rotated refresh token is no longer active").isFalse();

      // revoke the refresh token: the grant goes, access tokens included
      HttpUser.Reply revoked = client.post(t.endpoint("/revoke"), Map.of("token", rt2, "client_id", PUBLIC));
      assertThat(revoked.status()).isEqualTo(200);
      for (String tok : new String[] {at, at2, rt2}) {
        JsonNode ij = json(client.post(t.endpoint("/introspect"), Map.of("token", tok), rsAuth));
        assertThat(ij.get("active").asBoolean()).isFalse();
        assertThat(ij.size()).isEqualTo(1);
      }
      // and the revoked refresh token cannot be used
      HttpUser.Reply again = client.post(t.endpoint("/token"), Map.of("grant_type", "refresh_token",
          "refresh_token", rt2, "client_id", PUBLIC));
      assertThat(again.status()).isEqualTo(400);
      assertThat(json(again).get("error").asString()).isEqualTo("invalid_grant");
    }
  }
}
