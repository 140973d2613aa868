package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The login page: uniform failures, brute-force limits, CSRF, no session fixation. */
class LoginTest {

  private static String errorText(HttpUser.Reply r) {
    return r.body().replaceAll("(?s).*<p class=\"err\" id=\"error\">([^<]*)</p>.*", "$1");
  }

  @Test
  void SEC_AS_33_failuresLookTheSameForUnknownUsersAndWrongPasswordsAndAreRateLimited() {
    try (TestAuthServer t = new TestAuthServer(b -> b.loginFailuresPerWindow(3)); HttpUser u = new HttpUser()) {
      HttpUser.Reply page = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      HttpUser.Reply wrongPassword = t.logIn(u, page, ALICE, "nope");
      HttpUser.Reply unknownUser = t.logIn(u, page, "mallory", "nope");
      assertThat(wrongPassword.status()).isEqualTo(200);
      assertThat(unknownUser.status()).isEqualTo(200);
      assertThat(wrongPassword.location()).isNull();
      assertThat(errorText(wrongPassword)).isEqualTo(errorText(unknownUser)).isEqualTo("Invalid username or password.");
      t.logIn(u, page, ALICE, "nope");
      t.logIn(u, page, ALICE, "nope");
      // Three failures for alice from this address: now even the right password is refused for a while.
      HttpUser.Reply blocked = t.logIn(u, page, ALICE, ALICE_PASSWORD);
      assertThat(blocked.status()).isEqualTo(429);
      assertThat(blocked.body()).contains("Too many failed attempts");
      // Another user is not affected, and the window ends.
      assertThat(t.logIn(u, u.get(t.authorizeUrl(Pkce.create(), Map.of())), "bob", ALICE_PASSWORD).status())
          .isEqualTo(303);
      t.clock.advance(java.time.Duration.ofMinutes(16));
      try (HttpUser later = new HttpUser()) {
        HttpUser.Reply p = later.get(t.authorizeUrl(Pkce.create(), Map.of()));
        assertThat(t.logIn(later, p, ALICE, ALICE_PASSWORD).status()).isEqualTo(303);
      }
    }
  }

  @Test
  void aLoginFormPostedWithoutItsCsrfTokenOrFromAnotherBrowserIsRefused() {
    try (TestAuthServer t = new TestAuthServer(); HttpUser u = new HttpUser(); HttpUser attacker = new HttpUser()) {
      HttpUser.Reply page = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      HttpUser.Reply noCsrf = u.submit(t.endpoint("/login"), Map.of("request", page.hidden("request"),
          "username", ALICE, "password", ALICE_PASSWORD));
      assertThat(noCsrf.status()).isEqualTo(400);
      assertThat(noCsrf.body()).contains("CSRF");
      HttpUser.Reply cross = attacker.submit(t.endpoint("/login"), Map.of("request", page.hidden("request"),
          "csrf", page.hidden("csrf"), "username", ALICE, "password", ALICE_PASSWORD));
      assertThat(cross.status()).isEqualTo(400);
      HttpUser.Reply expired = u.submit(t.endpoint("/login"), Map.of("request", "no-such-request", "csrf", "x",
          "username", ALICE, "password", ALICE_PASSWORD));
      assertThat(expired.status()).isEqualTo(400);
      assertThat(expired.body()).contains("expired");
    }
  }

  @Test
  void signingInIssuesANewSessionId() {
    try (TestAuthServer t = new TestAuthServer(); HttpUser u = new HttpUser()) {
      HttpUser.Reply page = u.get(t.authorizeUrl(Pkce.create(), Map.of()));
      String before = u.cookies().get(Interaction.COOKIE);
      assertThat(before).isNotNull();
      t.logIn(u, page, ALICE, ALICE_PASSWORD);
      String after = u.cookies().get(Interaction.COOKIE);
      assertThat(after).isNotNull().isNotEqualTo(before);
      // The pre-login session id is worthless now.
      assertThat(t.store.getState("session:" + before)).isEmpty();
    }
  }
}
