package dev.mcpkit.examples.mixup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.auth.client.OAuthException;
import dev.mcpkit.auth.client.UserAgent;
import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.auth.server.testing.HttpUser;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The mix-up attack for real: the honest side (mcpkit's AS and a guarded MCP server) and the attacker's origin
 * ({@link EvilAs}) on free 127.0.0.1 ports; alice signs in on the honest login and consent pages in headless
 * Chromium. Against the deliberately naive client the attacker ends up calling the honest server as alice; against
 * mcpkit's OAuth client, the authorization response is refused and no code reaches the attacker.
 */
class MixupTest {

  private static final String PASSWORD = "alice's long password";

  /** alice in a real browser; records where the honest AS sent her back (with code, state and iss). */
  private static UserAgent alice(Chromium browser, List<String> landed) {
    return (url, redirect) -> {
      browser.driver().get(url.toString());
      new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d ->
          !d.findElements(By.id("username")).isEmpty() || !d.findElements(By.id("approve")).isEmpty());
      if (!browser.driver().findElements(By.id("username")).isEmpty()) {
        browser.logIn("alice", PASSWORD);
      }
      browser.approve();
      landed.add(browser.waitForUrl(redirect.toString()));
    };
  }

  @ParameterizedTest(name = "evil AS advertises iss support: {0}")
  @ValueSource(booleans = {true, false})
  void theNaiveClientFallsForIt(boolean advertiseIss) throws Exception {
    List<String> landed = new CopyOnWriteArrayList<>();
    try (HonestSide honest = new HonestSide(PASSWORD);
        EvilAs evil = new EvilAs(honest.issuer, honest.resource, advertiseIss);
        Chromium browser = new Chromium()) {
      NaiveClient.Result r = NaiveClient.signIn(URI.create(evil.mcpUrl), HonestSide.CLIENT, alice(browser, landed));

      // The code came from the honest AS, and said so...
      Map<String, List<String>> response = HttpUser.query(landed.getFirst());
      assertThat(response.get("iss")).containsExactly(honest.issuer);
      // ...but the naive client redeemed it at the attacker's token endpoint, PKCE verifier included.
      assertThat(r.tokenEndpoint()).isEqualTo(evil.issuer + "/token");
      assertThat(evil.captured()).singleElement().satisfies(c -> {
        assertThat(c.clientId()).isEqualTo(HonestSide.CLIENT);
        assertThat(c.verifier()).isTrue();
        assertThat(response.get("code").getFirst()).startsWith(c.codePrefix());
      });
      // The attacker redeemed it at the honest AS and now calls the honest MCP server as alice.
      assertThat(evil.stolenTokens()).singleElement().isEqualTo(r.accessToken());
      assertThat(MixupDemo.whoAmI(honest.resource, evil.stolenTokens().getFirst())).isEqualTo("alice");
    }
  }

  @ParameterizedTest(name = "evil AS advertises iss support: {0}")
  @ValueSource(booleans = {true, false})
  void mcpkitsClientRefusesTheResponseAndNothingLeaks(boolean advertiseIss) throws Exception {
    List<String> landed = new CopyOnWriteArrayList<>();
    try (HonestSide honest = new HonestSide(PASSWORD);
        EvilAs evil = new EvilAs(honest.issuer, honest.resource, advertiseIss);
        Chromium browser = new Chromium()) {
      assertThatThrownBy(() -> MixupDemo.mcpkitConnect(URI.create(evil.mcpUrl), alice(browser, landed)))
          .isInstanceOfSatisfying(OAuthException.class,
              e -> assertThat(e.reason()).isEqualTo(OAuthException.Reason.INVALID_RESPONSE))
          .hasMessage("the server at " + evil.mcpUrl + " requires authorization (HTTP 401 (WWW-Authenticate: Bearer "
              + "resource_metadata=\"" + evil.issuer + "/.well-known/oauth-protected-resource/mcp\")), but refused: "
              + "the authorization response names the issuer \"" + honest.issuer + "\", not " + evil.issuer
              + " (RFC 9207); its code and error are ignored");
      // The attack went as far as it can: alice signed in at the honest AS, which sent a code back...
      assertThat(HttpUser.query(landed.getFirst())).containsKey("code");
      // ...which never left the client.
      assertThat(evil.captured()).isEmpty();
      assertThat(evil.stolenTokens()).isEmpty();
    }
  }

  @Test
  void mcpkitsClientSignsInToTheHonestServerAsUsual() throws Exception {
    try (HonestSide honest = new HonestSide(PASSWORD); Chromium browser = new Chromium()) {
      assertThat(MixupDemo.mcpkitConnect(URI.create(honest.resource), alice(browser, new CopyOnWriteArrayList<>())))
          .isEqualTo("alice");
    }
  }
}
