package dev.mcpkit.auth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.auth.client.FakePeer.Reply;
import dev.mcpkit.auth.server.ProtectedResource;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An authorization server that forgot the client mcpkit registered there (mcpkit up restarted with its memory store):
 * the client notices before sending anyone to the browser (where the server would only show "unknown client") and
 * registers again, once, but only a client it registered itself; sign-out succeeds locally and forgets the dead
 * registration; sign-out also asks the server to forget the consent, and {@code prompt} reaches the server.
 */
class ForgottenClientTest {

  private static TestAuthServer as(FakePeer rs) {
    TestAuthServer t = new TestAuthServer(b -> b.protectedResources(List.of(
        new ProtectedResource(rs.url + "/mcp", List.of("mcp:read", "mcp:write"), List.of("mcp:read")))));
    rs.route("GET", "/.well-known/oauth-protected-resource/mcp", s -> Reply.json(200, "{\"resource\":\"" + rs.url
        + "/mcp\",\"authorization_servers\":[\"" + t.issuer + "\"],\"scopes_supported\":[\"mcp:read\"]}"));
    return t;
  }

  /** Alice signs in and approves (remembering it); every URL she was sent to is recorded. */
  private static UserAgent alice(TestAuthServer t, HttpUser browser, List<URI> opened) {
    return (url, redirect) -> {
      opened.add(url);
      HttpUser.Reply r = t.authorize(browser, url.toString());
      assertThat(r.location()).as(r.body()).startsWith(redirect.toString());
      browser.get(r.location());
    };
  }

  /** What an authorization server that restarted with an empty store amounts to: the stored id means nothing there. */
  private static void forgetAtTheServer(CredentialStore store, String issuer) {
    StoredClient c = store.client(issuer).orElseThrow();
    store.saveClient(issuer, new StoredClient("forgotten-" + c.clientId(), c.clientSecret(), c.authMethod(),
        c.registration(), c.tokenEndpoint(), c.revocationEndpoint()));
  }

  @Test
  void aForgottenSelfRegisteredClientIsRegisteredAgainBeforeTheBrowserOpens() {
    List<URI> opened = new CopyOnWriteArrayList<>();
    List<String> notices = new CopyOnWriteArrayList<>();
    try (FakePeer rs = new FakePeer(); TestAuthServer t = as(rs); HttpUser browser = new HttpUser();
        OAuthClient c = OAuthClient.builder().userAgent(alice(t, browser, opened)).onNotice(notices::add).build()) {
      LoginResult first = c.login(rs.mcp(), Set.of());
      assertThat(first.registration()).isEqualTo("dcr");
      assertThat(notices).isEmpty(); // a known client is used as it is
      forgetAtTheServer(c.store(), t.issuer);

      LoginResult second = c.login(rs.mcp(), Set.of());
      assertThat(second.registration()).isEqualTo("dcr");
      assertThat(second.clientId()).isNotEqualTo(first.clientId()).doesNotStartWith("forgotten-");
      assertThat(c.store().client(t.issuer).orElseThrow().clientId()).isEqualTo(second.clientId());
      // The browser was only ever sent with client ids the server knows.
      assertThat(opened).hasSize(2);
      assertThat(opened.get(1).getRawQuery()).contains("client_id=" + second.clientId()).doesNotContain("forgotten-");
      assertThat(notices).singleElement().asString().contains("no longer knows the client forgotten-")
          .contains("registering again");

      // The new registration is known: the next sign-in keeps it.
      assertThat(c.login(rs.mcp(), Set.of()).clientId()).isEqualTo(second.clientId());
      assertThat(notices).hasSize(1);
    }
  }

  @Test
  void aConfiguredClientIsNeverReplaced() {
    List<URI> opened = new CopyOnWriteArrayList<>();
    try (FakePeer rs = new FakePeer(); TestAuthServer t = as(rs);
        OAuthClient c = OAuthClient.builder().userAgent((url, redirect) -> {
          opened.add(url);
          throw new IllegalStateException("the browser shows the server's error page");
        }).preRegistered(new PreRegisteredClient("no-such-client", null, null)).build()) {
      assertThatThrownBy(() -> c.login(rs.mcp(), Set.of())).isInstanceOf(OAuthException.class);
      assertThat(opened).singleElement().asString().contains("client_id=no-such-client");
      assertThat(c.store().client(t.issuer)).isEmpty(); // nothing registered behind the user's back
    }
  }

  @Test
  void signingOutWhenTheServerForgotTheClientSucceedsAndForgetsTheRegistration() {
    List<URI> opened = new CopyOnWriteArrayList<>();
    try (FakePeer rs = new FakePeer(); TestAuthServer t = as(rs); HttpUser browser = new HttpUser();
        OAuthClient c = OAuthClient.builder().userAgent(alice(t, browser, opened)).build()) {
      c.login(rs.mcp(), Set.of());
      forgetAtTheServer(c.store(), t.issuer);
      LogoutResult out = c.logout(rs.mcp());
      assertThat(out.forgotten()).isTrue();
      assertThat(out.revoked()).isFalse();
      assertThat(out.note()).contains("no longer knows the client").contains("registration was forgotten");
      assertThat(c.store().client(t.issuer)).isEmpty();
      assertThat(c.grant(rs.mcp())).isEmpty();
    }
  }

  @Test
  void signingOutRevokesForgetsTheConsentAndTheRegistrationAndPromptReachesTheServer() {
    List<URI> opened = new CopyOnWriteArrayList<>();
    try (FakePeer rs = new FakePeer(); TestAuthServer t = as(rs); HttpUser browser = new HttpUser();
        OAuthClient c = OAuthClient.builder().userAgent(alice(t, browser, opened)).build()) {
      LoginResult in = c.login(rs.mcp(), Set.of());
      assertThat(t.store.findConsent(TestAuthServer.ALICE, in.clientId(), in.resource())).isPresent();
      LogoutResult out = c.logout(rs.mcp());
      assertThat(out.revoked()).isTrue();
      assertThat(out.note()).contains("registration was forgotten");
      assertThat(t.store.findConsent(TestAuthServer.ALICE, in.clientId(), in.resource())).isEmpty();
      assertThat(c.store().client(t.issuer)).isEmpty();
    }
    try (FakePeer rs = new FakePeer(); TestAuthServer t = as(rs); HttpUser browser = new HttpUser();
        OAuthClient c = OAuthClient.builder().userAgent(alice(t, browser, opened)).prompt("consent").build()) {
      c.login(rs.mcp(), Set.of());
      assertThat(opened.getLast().getRawQuery()).contains("prompt=consent");
    }
  }
}
