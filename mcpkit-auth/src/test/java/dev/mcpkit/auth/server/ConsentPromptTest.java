package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consent and re-authentication on the user's terms: the remember box is not ticked for them, {@code prompt=consent}
 * and {@code prompt=login} (OpenID Connect Core 1.0 §3.1.2.1) are honoured over a remembered decision and a live
 * session, and a client revoking its own token with {@code forget_consent=true} drops the consent it was given.
 */
class ConsentPromptTest {

  TestAuthServer t;

  @BeforeEach
  void start() {
    t = new TestAuthServer();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  /** Signs alice in and approves with "remember"; the browser keeps its session. */
  private String rememberedCode(HttpUser browser, Pkce pkce) {
    HttpUser.Reply back = t.authorize(browser, t.authorizeUrl(pkce, Map.of()));
    assertThat(back.status()).isEqualTo(303);
    assertThat(back.locationQuery()).containsKey("code");
    // The decision is remembered: the next request goes straight back with a code.
    HttpUser.Reply again = browser.get(t.authorizeUrl(Pkce.create(), Map.of()));
    assertThat(again.status()).as(again.body()).isEqualTo(303);
    assertThat(again.locationQuery()).containsKey("code");
    return back.locationQuery().get("code").getFirst();
  }

  @Test
  void rememberThisDecisionIsNotTickedForTheUser() {
    try (HttpUser u = new HttpUser()) {
      HttpUser.Reply login = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      HttpUser.Reply consent = u.get(t.logIn(u, login, ALICE, ALICE_PASSWORD).location());
      assertThat(consent.body()).contains("id=\"remember\"").contains("Remember this decision");
      String box = consent.body().substring(consent.body().indexOf("<input type=\"checkbox\""));
      assertThat(box.substring(0, box.indexOf('>'))).doesNotContain("checked");
      // Approving without ticking it remembers nothing: the next request shows the consent page again.
      HttpUser.Reply back = u.submit(t.endpoint("/consent"), Map.of("request", consent.hidden("request"),
          "csrf", consent.hidden("csrf"), "decision", "approve"));
      assertThat(back.locationQuery()).containsKey("code");
      HttpUser.Reply next = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.body()).contains("id=\"approve\"");
    }
  }

  @Test
  void promptConsentShowsTheConsentPageDespiteARememberedDecision() {
    try (HttpUser u = new HttpUser()) {
      rememberedCode(u, Pkce.create());
      HttpUser.Reply page = u.get(t.authorizeUrl(Pkce.create(), Map.of("prompt", "consent")));
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).contains("id=\"approve\"").doesNotContain("id=\"username\"");
      HttpUser.Reply back = u.submit(t.endpoint("/consent"), Map.of("request", page.hidden("request"),
          "csrf", page.hidden("csrf"), "decision", "approve"));
      assertThat(back.locationQuery()).containsKey("code");
    }
  }

  @Test
  void promptLoginAsksForTheCredentialsAgainDespiteALiveSession() {
    try (HttpUser u = new HttpUser()) {
      rememberedCode(u, Pkce.create());
      HttpUser.Reply page = u.get(t.authorizeUrl(Pkce.create(), Map.of("prompt", "login")));
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).contains("id=\"username\"");
      // A wrong password gets no code although the session is live.
      HttpUser.Reply wrong = t.logIn(u, page, ALICE, "wrong password");
      assertThat(wrong.status()).isEqualTo(200);
      assertThat(wrong.body()).contains("Invalid username or password");
      // Signed in again: the remembered consent applies (prompt=login alone does not ask for it).
      HttpUser.Reply afterLogin = t.logIn(u, page, ALICE, ALICE_PASSWORD);
      assertThat(afterLogin.status()).isEqualTo(303);
      HttpUser.Reply back = u.get(afterLogin.location());
      assertThat(back.status()).as(back.body()).isEqualTo(303);
      assertThat(back.locationQuery()).containsKey("code");
      // Both: login, then the consent page.
      HttpUser.Reply both = u.get(t.authorizeUrl(Pkce.create(), Map.of("prompt", "login consent")));
      assertThat(both.body()).contains("id=\"username\"");
      HttpUser.Reply consent = u.get(t.logIn(u, both, ALICE, ALICE_PASSWORD).location());
      assertThat(consent.status()).isEqualTo(200);
      assertThat(consent.body()).contains("id=\"approve\"");
    }
  }

  @Test
  void promptNoneNeverShowsAPageAndUnknownValuesAreRefused() {
    try (HttpUser u = new HttpUser()) {
      HttpUser.Reply none = u.get(t.authorizeUrl(Pkce.create(), Map.of("prompt", "none")));
      assertThat(none.status()).isEqualTo(303);
      assertThat(none.locationQuery().get("error")).containsExactly("login_required");
      assertThat(none.locationQuery().get("state")).containsExactly("state-123");
      HttpUser.Reply unknown = u.get(t.authorizeUrl(Pkce.create(), Map.of("prompt", "consnet")));
      assertThat(unknown.locationQuery().get("error")).containsExactly("invalid_request");
      assertThat(unknown.locationQuery().get("error_description").getFirst()).contains("consnet");
      HttpUser.Reply mixed = u.get(t.authorizeUrl(Pkce.create(), Map.of("prompt", "none login")));
      assertThat(mixed.locationQuery().get("error")).containsExactly("invalid_request");
      rememberedCode(u, Pkce.create());
      HttpUser.Reply silent = u.get(t.authorizeUrl(Pkce.create(), Map.of("prompt", "none")));
      assertThat(silent.locationQuery()).containsKey("code");
      HttpUser.Reply more = u.get(t.authorizeUrl(Pkce.create(), Map.of("prompt", "none", "scope", "mcp:write")));
      assertThat(more.locationQuery().get("error")).containsExactly("consent_required");
    }
    assertThat(JSON.readTree(new HttpUser().get(t.endpoint("/.well-known/oauth-authorization-server")).body())
        .get("prompt_values_supported").toString()).isEqualTo("[\"none\",\"login\",\"consent\"]");
  }

  @Test
  void revokingItsOwnTokenWithForgetConsentDropsTheRememberedConsent() {
    try (HttpUser browser = new HttpUser(); HttpUser client = new HttpUser(); HttpUser other = new HttpUser()) {
      Pkce pkce = Pkce.create();
      String code = rememberedCode(browser, pkce);
      var tokens = json(t.redeem(client, code, pkce));
      String refresh = tokens.get("refresh_token").asString();
      // Another client revoking the token (and asking to forget) changes nothing: it is not its token.
      HttpUser.Reply foreign = other.post(t.endpoint("/revoke"), Map.of("token", refresh, "forget_consent", "true"),
          Map.of("Authorization", basic(BASIC, SECRET)));
      assertThat(foreign.status()).isEqualTo(200);
      assertThat(browser.get(t.authorizeUrl(Pkce.create(), Map.of())).status()).isEqualTo(303);
      // A plain revocation by the client keeps the consent (RFC 7009 as before).
      Pkce p2 = Pkce.create();
      String code2 = browser.get(t.authorizeUrl(p2, Map.of())).locationQuery().get("code").getFirst();
      String access2 = json(t.redeem(client, code2, p2)).get("access_token").asString();
      assertThat(client.post(t.endpoint("/revoke"), Map.of("token", access2, "client_id", PUBLIC)).status())
          .isEqualTo(200);
      assertThat(browser.get(t.authorizeUrl(Pkce.create(), Map.of())).status()).isEqualTo(303);
      // The client itself, revoking its token with forget_consent: the consent page comes back.
      HttpUser.Reply own = client.post(t.endpoint("/revoke"), Map.of("token", refresh, "client_id", PUBLIC,
          "forget_consent", "true"));
      assertThat(own.status()).isEqualTo(200);
      assertThat(t.store.findConsent(ALICE, PUBLIC, RESOURCE)).isEmpty();
      HttpUser.Reply page = browser.get(t.authorizeUrl(Pkce.create(), Map.of()));
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).contains("id=\"approve\"");
    }
  }
}
