package dev.mcpkit.auth.server;

import static dev.mcpkit.auth.server.testing.TestAuthServer.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.auth.server.testing.DocServer;
import dev.mcpkit.auth.server.testing.FakeUpstream;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.auth.server.testing.Pkce;
import dev.mcpkit.auth.server.testing.TestAuthServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Login and consent in a real browser (Debian's headless Chromium): the pages work as HTML forms, the
 * {@code __Host-} session cookie is kept over loopback HTTP, and the browser lands on the client's callback.
 */
class BrowserTest {

  private static String redirect(DocServer callback) {
    return "http://127.0.0.1:" + callback.port + "/callback";
  }

  @Test
  void localLoginAndConsentInChromium() throws Exception {
    try (DocServer callback = new DocServer(); TestAuthServer t = new TestAuthServer(); Chromium browser =
        new Chromium(); HttpUser c = new HttpUser()) {
      callback.put("/callback", new DocServer.Doc(200, "text/plain", null, "OK", null, 0));
      Pkce pkce = Pkce.create();
      browser.driver().get(t.authorizeUrl(pkce, Map.of("redirect_uri", redirect(callback), "scope",
          "mcp:read mcp:write")));
      browser.logIn("alice", "wrong password");
      browser.waitFor("error");
      assertThat(browser.driver().findElement(By.id("error")).getText()).isEqualTo("Invalid username or password.");
      browser.logIn(ALICE, ALICE_PASSWORD);
      browser.waitFor("approve");
      assertThat(browser.driver().findElement(By.id("client-name")).getText()).isEqualTo("Public <b>Client</b>");
      assertThat(browser.driver().findElement(By.id("user")).getText()).isEqualTo("Alice Example");
      assertThat(browser.driver().findElement(By.id("scopes")).getText()).contains("mcp:read").contains("mcp:write");
      assertThat(browser.driver().findElement(By.id("remember")).isSelected()).as("not ticked for the user").isFalse();
      browser.approveAndRemember();
      String landed = browser.waitForUrl(redirect(callback));
      Map<String, List<String>> q = HttpUser.query(landed);
      assertThat(q.get("iss")).containsExactly(t.issuer);
      assertThat(q.get("state")).containsExactly("state-123");
      assertThat(callback.hits("/callback")).isEqualTo(1);
      HttpUser.Reply token = c.post(t.endpoint("/token"), Map.of("grant_type", "authorization_code", "code",
          q.get("code").getFirst(), "code_verifier", pkce.verifier(), "redirect_uri", redirect(callback),
          "client_id", PUBLIC));
      assertThat(token.status()).isEqualTo(200);
      // Consent was remembered: the next authorization goes straight back without a page.
      browser.driver().get(t.authorizeUrl(Pkce.create(), Map.of("redirect_uri", redirect(callback), "scope",
          "mcp:read")));
      assertThat(HttpUser.query(browser.waitForUrl(redirect(callback)))).containsKey("code");
    }
  }

  @Test
  void federatedLoginInChromium() throws Exception {
    try (DocServer callback = new DocServer(); FakeUpstream up = new FakeUpstream(); TestAuthServer t =
        new TestAuthServer(b -> b.upstreamProviders(List.of(UpstreamProvider.builder()
            .id("fake")
            .displayName("Fake IdP")
            .kind("oidc")
            .issuer(URI.create(up.issuer))
            .clientId(FakeUpstream.CLIENT_ID)
            .clientSecret(FakeUpstream.CLIENT_SECRET).build())));
        Chromium browser = new Chromium(); HttpUser c = new HttpUser()) {
      callback.put("/callback", new DocServer.Doc(200, "text/plain", null, "OK", null, 0));
      Pkce pkce = Pkce.create();
      browser.driver().get(t.authorizeUrl(pkce, Map.of("redirect_uri", redirect(callback))));
      browser.waitFor("provider-fake");
      browser.driver().findElement(By.id("provider-fake")).click();
      browser.waitFor("approve");
      assertThat(browser.driver().findElement(By.id("user")).getText()).isEqualTo("Uma Upstream");
      browser.approve();
      Map<String, List<String>> q = HttpUser.query(browser.waitForUrl(redirect(callback)));
      String at = json(c.post(t.endpoint("/token"), Map.of("grant_type", "authorization_code", "code",
          q.get("code").getFirst(), "code_verifier", pkce.verifier(), "redirect_uri", redirect(callback),
          "client_id", PUBLIC))).get("access_token").asString();
      assertThat(SignedJWT.parse(at).getJWTClaimsSet().getSubject()).isEqualTo("fake:u-123");
    }
  }
}
