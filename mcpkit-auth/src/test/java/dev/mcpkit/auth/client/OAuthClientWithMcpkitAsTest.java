package dev.mcpkit.auth.client;

import static dev.mcpkit.auth.server.testing.TestAuthServer.BASIC;
import static dev.mcpkit.auth.server.testing.TestAuthServer.CLIENT_KEY;
import static dev.mcpkit.auth.server.testing.TestAuthServer.JWT;
import static dev.mcpkit.auth.server.testing.TestAuthServer.POST;
import static dev.mcpkit.auth.server.testing.TestAuthServer.SECRET;
import static dev.mcpkit.auth.server.testing.TestAuthServer.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.client.FakePeer.Reply;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.MutableClock;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.client.auth.AuthChallenge;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The OAuth client against mcpkit's own authorization server (real login page, consent page, DCR,
 * RFC 9068 tokens, refresh rotation, client authentication, revocation), with a scripted user agent
 * ({@link HttpUser}) doing what a person does in the browser; the resource's metadata comes from a
 * {@link FakePeer}. The browser version of the same flow, through an MCP server guarded by the
 * resource-server guard, is in mcpkit-cli ({@code OAuthBrowserEndToEndTest}, {@code OAuthLoginIT}).
 */
class OAuthClientWithMcpkitAsTest {

  /** The resource's metadata names the authorization server; the AS protects exactly that resource. */
  private static TestAuthServer as(FakePeer rs) {
    TestAuthServer t = new TestAuthServer(b -> b.protectedResources(List.of(
        new ProtectedResource(rs.url + "/mcp", List.of("mcp:read", "mcp:write"), List.of("mcp:read")))));
    rs.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.json(200, "{\"resource\":\"" + rs.url
        + "/mcp\",\"authorization_servers\":[\"" + t.issuer + "\"],\"scopes_supported\":[\"mcp:read\"]}"));
    return t;
  }

  /** Alice in a browser: signs in, approves, and lets the server redirect her to the client's listener. */
  private static UserAgent alice(TestAuthServer t, HttpUser browser, AtomicInteger consents) {
    return (url, redirect) -> {
      HttpUser.Reply r = t.authorize(browser, url.toString());
      consents.incrementAndGet();
      assertThat(r.location()).startsWith(redirect.toString());
      browser.get(r.location());
    };
  }

  private static JWTClaimsSet claims(String bearer) throws Exception {
    return SignedJWT.parse(bearer.substring("Bearer ".length())).getJWTClaimsSet();
  }

  @Test
  void signsInRegistersRefreshesStepsUpAndSignsOut() throws Exception {
    MutableClock clock = new MutableClock();
    AtomicInteger consents = new AtomicInteger();
    try (FakePeer rs = new FakePeer(); TestAuthServer t = as(rs); HttpUser browser = new HttpUser();
        OAuthClient c = OAuthClient.builder().userAgent(alice(t, browser, consents)).clock(clock).build()) {
      URI server = rs.mcp();
      // 401 → discovery → DCR → login and consent → code → token.
      assertThat(c.onChallenge(new AuthChallenge(401, server, List.of("Bearer resource_metadata=\"" + rs.url
          + "/.well-known/oauth-protected-resource/mcp\", scope=\"mcp:read\"")))).isTrue();
      String first = c.headers(server).get("Authorization");
      JWTClaimsSet token = claims(first);
      assertThat(token.getIssuer()).isEqualTo(t.issuer);
      assertThat(token.getAudience()).containsExactly(rs.url + "/mcp");
      assertThat(token.getStringClaim("scope")).isEqualTo("mcp:read");
      StoredClient client = c.store().client(t.issuer).orElseThrow();
      assertThat(client.registration()).isEqualTo("dcr");
      String refresh1 = c.grant(server).orElseThrow().refreshToken();
      assertThat(refresh1).isNotNull();

      // Close to expiry (10 minutes by default): refreshed before use; the AS rotates the refresh token.
      clock.advance(Duration.ofMinutes(10).minusSeconds(10));
      t.clock.advance(Duration.ofMinutes(10).minusSeconds(10));
      String second = c.headers(server).get("Authorization");
      assertThat(second).isNotEqualTo(first);
      assertThat(claims(second).getAudience()).containsExactly(rs.url + "/mcp");
      assertThat(c.grant(server).orElseThrow().refreshToken()).isNotEqualTo(refresh1);
      assertThat(consents).hasValue(1);

      // 403 insufficient_scope → a new authorization for mcp:read and mcp:write, same client.
      assertThat(c.onChallenge(new AuthChallenge(403, server, List.of("Bearer error=\"insufficient_scope\", " + "scope=\"mcp:write\"")).withAttempt(1, second))).isTrue();
      JWTClaimsSet upgraded = claims(c.headers(server).get("Authorization"));
      assertThat(Set.of(upgraded.getStringClaim("scope").split(" "))).containsExactlyInAnyOrder("mcp:read", "mcp:write");
      assertThat(consents).hasValue(2);
      assertThat(c.store().client(t.issuer).orElseThrow().clientId()).isEqualTo(client.clientId());

      // Sign out: revoked at the AS (introspection says inactive), deleted here.
      String access = c.headers(server).get("Authorization").substring(7);
      LogoutResult out = c.logout(server);
      assertThat(out.forgotten()).isTrue();
      assertThat(out.revoked()).isTrue();
      assertThat(c.headers(server)).isEmpty();
      try (HttpUser rsUser = new HttpUser()) {
        HttpUser.Reply intro = rsUser.post(t.endpoint("/introspect"), Map.of("token", access),
            Map.of("Authorization", basic(BASIC, SECRET)));
        assertThat(TestAuthServer.json(intro).path("active").asBoolean(true)).isFalse();
      }
    }
  }

  @Test
  void clientCredentialsWithEachClientAuthenticationMethod() throws Exception {
    record Case(ClientCredentials credentials, String method) {}
    for (Case k : List.of(new Case(ClientCredentials.secret(BASIC, SECRET), "client_secret_basic"),
        new Case(ClientCredentials.secret(POST, SECRET, "client_secret_post"), "client_secret_post"),
        new Case(ClientCredentials.privateKeyJwt(JWT, CLIENT_KEY.toECPrivateKey(), CLIENT_KEY.getKeyID()), "private_key_jwt"))) {
      try (FakePeer rs = new FakePeer(); TestAuthServer t = as(rs)) {
        try (OAuthClient c = OAuthClient.builder().clientCredentials(k.credentials()).build()) {
          assertThat(c.onChallenge(new AuthChallenge(401, rs.mcp(), List.of("Bearer")))).as(k.method()).isTrue();
          JWTClaimsSet token = claims(c.headers(rs.mcp()).get("Authorization"));
          assertThat(token.getStringClaim("client_id")).isEqualTo(k.credentials().clientId());
          assertThat(token.getAudience()).containsExactly(rs.url + "/mcp");
        }
      }
    }
  }

  @Test
  void aPreRegisteredPublicClientSignsInWithoutRegistering() throws Exception {
    AtomicInteger consents = new AtomicInteger();
    try (FakePeer rs = new FakePeer(); TestAuthServer t = as(rs); HttpUser browser = new HttpUser();
        OAuthClient c = OAuthClient.builder().userAgent(alice(t, browser, consents))
            .preRegistered(new PreRegisteredClient(TestAuthServer.PUBLIC, null, t.issuer)).build()) {
      LoginResult r = c.login(rs.mcp(), Set.of("mcp:write"));
      assertThat(r.registration()).isEqualTo("pre-registered");
      assertThat(r.clientId()).isEqualTo(TestAuthServer.PUBLIC);
      assertThat(r.issuer()).isEqualTo(t.issuer);
      assertThat(Set.copyOf(r.scopes())).containsExactlyInAnyOrder("mcp:write");
      assertThat(claims(c.headers(rs.mcp()).get("Authorization")).getStringClaim("client_id")).isEqualTo(TestAuthServer.PUBLIC);
      assertThat(consents).hasValue(1);
    }
  }
}
