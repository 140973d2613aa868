package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The inspector's OAuth debugger in headless Chromium against {@code mcpkit up} run as a process: with up's
 * pre-registered public client {@code mcpkit-demo}, the demo user signs in on up's page in the tab the debugger opens
 * and consents, and every step, through the token and its refresh, passes with every check passing: the callback's {@code iss} is up's
 * issuer and the token's {@code aud} is up's MCP endpoint.
 */
class InspectOAuthUpBrowserTest {

  private static final List<String> STEPS = List.of("challenge", "prm", "asm", "client", "authorize", "callback",
      "token", "refresh");
  private static final Pattern ISSUER = Pattern.compile("authorization server\\s+(http://127\\.0\\.0\\.1:\\d+/\\S+)");

  @TempDir Path home;

  @Test
  void theDebuggerWalksMcpkitUpToATokenWithEveryCheckPassing() throws Exception {
    try (OAuthDebuggerOnUp on = OAuthDebuggerOnUp.start(home)) {
      String mcp = on.mcp;
      String issuer = issuer(on.upLines);
      InspectPage page = on.page;
      WebDriver d = page.d;
      on.fill("oauth-client-id", UpCommand.PUBLIC_CLIENT);
      page.click(By.id("oauth-start"));
      page.waitText(By.id("oauth-status"), "browser");

      // the sign-in tab the debugger's link opens: up's login page, then its consent page
      String inspectorTab = d.getWindowHandle();
      page.click(By.id("oauth-open"));
      new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.getWindowHandles().size() == 2);
      d.switchTo().window(d.getWindowHandles().stream().filter(h -> !h.equals(inspectorTab)).findFirst().orElseThrow());
      assertThat(d.getCurrentUrl()).startsWith(issuer).contains("client_id=" + UpCommand.PUBLIC_CLIENT);
      page.waitFor(By.id("username")).sendKeys(UpCommand.DEMO_USER);
      d.findElement(By.id("password")).sendKeys(InspectSignInBrowserTest.PASSWORD);
      d.findElement(By.id("login")).click();
      new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.getCurrentUrl().contains("/callback?")
          || !x.findElements(By.id("approve")).isEmpty());
      if (!d.getCurrentUrl().contains("/callback?")) {
        d.findElement(By.id("approve")).click(); // consent
      }
      new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.getCurrentUrl().contains("/callback?"));
      d.close();
      d.switchTo().window(inspectorTab);

      // the view redraws every 500 ms until the run is done or failed: every read finds its element again
      new WebDriverWait(d, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class)
          .until(x -> Set.of("done", "failed").contains(x.findElement(By.id("oauth-status")).getText()));
      assertThat(on.read("#oauth-status", null))
          .as(on.read("#oauth-message", null)).isEqualTo("done");
      for (String id : STEPS) {
        assertThat(on.read("#oauth-step-" + id, "data-status")).as(id)
            .isEqualTo("pass");
      }
      List<WebElement> checks = d.findElements(By.cssSelector("#oauth-steps .check"));
      assertThat(checks).allSatisfy(c -> assertThat(c.getDomAttribute("data-ok")).as(c.getText()).isEqualTo("true"));
      assertThat(checks.stream().map(c -> c.getDomAttribute("data-check")).toList()).contains("issuer matches",
          "S256 PKCE supported", "resource indicator", "scope selection", "iss matches the issuer the request went to",
          "resource indicator in the token request", "audience", "access token issued");
      assertThat(on.read("#oauth-step-callback", null)).contains("iss = " + issuer);
      assertThat(on.read("#oauth-step-token", null)).contains("aud = \"" + mcp + "\"");
      assertThat(on.read("#oauth-message", null))
          .isEqualTo("signed in, connected with the token, and refreshed it");
      page.shot("oauth-up");
      // secrets stay masked: no JWT on the page
      assertThat(d.getPageSource()).doesNotContain("eyJ");
    }
  }

  /** The issuer {@code mcpkit up} printed (its banner is written in one go, before the endpoint line is read). */
  private static String issuer(List<String> upLines) {
    return await("mcpkit up printing its authorization server").atMost(Duration.ofSeconds(10)).until(() -> {
      synchronized (upLines) {
        return upLines.stream().map(ISSUER::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
            .orElse(null);
      }
    }, Objects::nonNull);
  }
}
