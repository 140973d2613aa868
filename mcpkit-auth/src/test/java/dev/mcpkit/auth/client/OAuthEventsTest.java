package dev.mcpkit.auth.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.client.FakePeer.Reply;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import dev.mcpkit.client.auth.AuthChallenge;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The OAuth client's listener ({@link OAuthClient.Builder#listener}): every step of a sign-in against mcpkit's
 * authorization server is reported in order, with what a debugger needs (the challenge, each HTTP exchange, the client
 * id, the authorization URL with the recorded issuer, the authorization response with its {@code iss}), then the
 * refresh; and a listener that throws changes nothing.
 */
class OAuthEventsTest {

  private static TestAuthServer as(FakePeer rs) {
    TestAuthServer t = new TestAuthServer(b -> b.protectedResources(List.of(
        new ProtectedResource(rs.url + "/mcp", List.of("mcp:read"), List.of("mcp:read")))));
    rs.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.json(200, "{\"resource\":\"" + rs.url
        + "/mcp\",\"authorization_servers\":[\"" + t.issuer + "\"],\"scopes_supported\":[\"mcp:read\"]}"));
    return t;
  }

  private static UserAgent alice(TestAuthServer t, HttpUser browser) {
    return (url, redirect) -> browser.get(t.authorize(browser, url.toString()).location());
  }

  private static AuthChallenge challenge(FakePeer rs) {
    return new AuthChallenge(401, rs.mcp(), List.of("Bearer resource_metadata=\"" + rs.url
        + "/.well-known/oauth-protected-resource/mcp\""));
  }

  @Test
  void reportsEveryStepOfASignInAndTheRefresh() throws Exception {
    List<OAuthEvent> events = new CopyOnWriteArrayList<>();
    try (FakePeer rs = new FakePeer(); TestAuthServer t = as(rs); HttpUser browser = new HttpUser();
        OAuthClient c = OAuthClient.builder().userAgent(alice(t, browser)).listener(events::add).build()) {
      URI server = rs.mcp();
      assertThat(c.onChallenge(challenge(rs))).isTrue();

      assertThat(events).extracting(OAuthEvent::kind).containsExactly(OAuthEvent.Kind.CHALLENGE, OAuthEvent.Kind.HTTP,
          OAuthEvent.Kind.HTTP, OAuthEvent.Kind.HTTP, OAuthEvent.Kind.CLIENT, OAuthEvent.Kind.AUTHORIZE,
          OAuthEvent.Kind.CALLBACK, OAuthEvent.Kind.HTTP);
      assertThat(events.get(0).status()).isEqualTo(401);
      assertThat(events.get(0).fields().get("wwwAuthenticate")).contains("resource_metadata=");
      assertThat(events.get(1).url().getPath()).isEqualTo("/.well-known/oauth-protected-resource/mcp");
      assertThat(events.get(2).url().getPath()).contains("/.well-known/oauth-authorization-server");
      assertThat(events.get(2).fields().get("response")).contains("\"issuer\"");
      assertThat(events.get(3).fields()).containsEntry("method", "POST"); // dynamic registration
      assertThat(events.get(4).fields()).containsEntry("registration", "dcr");
      assertThat(events.get(5).url().getRawQuery()).contains("code_challenge_method=S256").contains("resource=");
      assertThat(events.get(5).fields()).containsEntry("issuer", t.issuer);
      assertThat(events.get(6).fields()).containsEntry("iss", t.issuer).containsEntry("expectedIssuer", t.issuer)
          .containsKey("code").doesNotContainKey("refused");
      assertThat(events.get(7).status()).isEqualTo(200);
      assertThat(events.get(7).fields().get("request")).contains("grant_type=authorization_code");
      assertThat(events.get(7).fields().get("response")).contains(c.grant(server).orElseThrow().accessToken());

      String before = c.grant(server).orElseThrow().accessToken();
      events.clear();
      StoredGrant refreshed = c.refresh(server);
      assertThat(refreshed.accessToken()).isNotEqualTo(before);
      assertThat(events).singleElement().satisfies(e -> {
        assertThat(e.kind()).isEqualTo(OAuthEvent.Kind.HTTP);
        assertThat(e.fields().get("request")).contains("grant_type=refresh_token");
      });
    }
  }

  @Test
  void aListenerThatThrowsChangesNothing() throws Exception {
    try (FakePeer rs = new FakePeer(); TestAuthServer t = as(rs); HttpUser browser = new HttpUser();
        OAuthClient c = OAuthClient.builder().userAgent(alice(t, browser)).listener(e -> {
          throw new IllegalStateException("a broken listener");
        }).build()) {
      assertThat(c.onChallenge(challenge(rs))).isTrue();
      assertThat(c.headers(rs.mcp()).get("Authorization")).startsWith("Bearer ");
    }
  }
}
