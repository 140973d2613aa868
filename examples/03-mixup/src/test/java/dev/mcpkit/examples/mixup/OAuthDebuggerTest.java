package dev.mcpkit.examples.mixup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.inspector.web.Inspector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The inspector's OAuth debugger in headless Chromium: against the honest side (mcpkit's embedded authorization
 * server and its guarded MCP server) it walks every step to a token and a refresh with every check passing; against
 * the mix-up example's attacker it shows the failing RFC 9207 {@code iss} check, with its reason, and nothing leaks.
 * alice signs in in a new tab the debugger's link opens, in the same browser. Screenshots land in
 * target/inspector-screenshots/.
 */
class OAuthDebuggerTest {

  private static final String PASSWORD = "alice's long password";
  private static final Path SHOTS = Path.of("target", "inspector-screenshots");
  private static final List<String> STEPS = List.of("challenge", "prm", "asm", "client", "authorize", "callback",
      "token", "refresh");

  @Test
  void walksEveryStepToATokenWithEveryCheckPassing() throws Exception {
    try (HonestSide honest = new HonestSide(PASSWORD); Inspector inspector = Inspector.builder().start();
        Chromium browser = new Chromium()) {
      WebDriver d = browser.driver();
      signIn(browser, inspector, honest.resource);
      waitForStatus(d, "done");

      for (String id : STEPS) {
        assertThat(d.findElement(By.id("oauth-step-" + id)).getAttribute("data-status")).as(id).isEqualTo("pass");
      }
      List<WebElement> checks = d.findElements(By.cssSelector("#oauth-steps .check"));
      assertThat(checks).allSatisfy(c -> assertThat(c.getAttribute("data-ok")).as(c.getText()).isEqualTo("true"));
      assertThat(checks.stream().map(c -> c.getAttribute("data-check")).toList()).contains("issuer matches",
          "S256 PKCE supported", "resource indicator", "scope selection", "iss matches the issuer the request went to",
          "resource indicator in the token request", "audience", "access token issued");
      assertThat(text(d, "oauth-step-callback")).contains("iss = " + honest.issuer);
      assertThat(text(d, "oauth-step-token")).contains("aud = \"" + honest.resource + "\"");
      assertThat(text(d, "oauth-message")).isEqualTo("signed in, connected with the token, and refreshed it");
      shot(d, "oauth-pass.png");
      // Secrets stay masked: no JWT, and the exchanges show the masks.
      d.findElements(By.cssSelector("details.exchange")).forEach(e -> e.findElement(By.tagName("summary")).click());
      assertThat(d.getPageSource()).doesNotContain("eyJ").contains("••• (");
    }
  }

  @Test
  void showsTheFailingIssCheckOnTheMixUp() throws Exception {
    try (HonestSide honest = new HonestSide(PASSWORD); EvilAs evil = new EvilAs(honest.issuer, honest.resource, true);
        Inspector inspector = Inspector.builder().start(); Chromium browser = new Chromium()) {
      WebDriver d = browser.driver();
      signIn(browser, inspector, evil.mcpUrl);
      waitForStatus(d, "failed");

      for (String id : List.of("challenge", "prm", "asm", "client", "authorize")) {
        assertThat(d.findElement(By.id("oauth-step-" + id)).getAttribute("data-status")).as(id).isEqualTo("pass");
      }
      assertThat(d.findElement(By.id("oauth-step-callback")).getAttribute("data-status")).isEqualTo("fail");
      WebElement iss = d.findElement(By.cssSelector("#oauth-step-callback .check[data-check='iss matches the issuer the"
          + " request went to']"));
      assertThat(iss.getAttribute("data-ok")).isEqualTo("false");
      assertThat(iss.getText()).contains("the response names the issuer " + honest.issuer + ", but the request went to "
          + evil.issuer + ": refused, its code was not redeemed").contains("Mix-Up Attacks").contains("RFC 9207");
      assertThat(text(d, "oauth-message")).contains("refused: the authorization response names the issuer \""
          + honest.issuer + "\", not " + evil.issuer + " (RFC 9207)");
      for (String id : List.of("token", "refresh")) {
        assertThat(d.findElement(By.id("oauth-step-" + id)).getAttribute("data-status")).as(id).isEqualTo("pending");
      }
      assertThat(evil.captured()).isEmpty();
      assertThat(evil.stolenTokens()).isEmpty();
      shot(d, "oauth-mixup.png");
    }
  }

  /** Opens the inspector, starts the debugger on {@code server}, and signs alice in in the tab its link opens. */
  private static void signIn(Chromium browser, Inspector inspector, String server) {
    WebDriver d = browser.driver();
    d.get(inspector.launchUrl().toString());
    browser.waitFor("tab-oauth");
    d.findElement(By.id("tab-oauth")).click();
    browser.waitFor("oauth-url");
    d.findElement(By.id("oauth-url")).sendKeys(server);
    d.findElement(By.id("oauth-client-id")).sendKeys(HonestSide.CLIENT);
    d.findElement(By.id("oauth-start")).click();
    browser.waitFor("oauth-open");
    String inspectorTab = d.getWindowHandle();
    // the view redraws while it follows the run: click whichever link element is current
    new WebDriverWait(d, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class).until(x -> {
      x.findElement(By.id("oauth-open")).click();
      return true;
    });
    new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> x.getWindowHandles().size() == 2);
    String signInTab = d.getWindowHandles().stream().filter(h -> !h.equals(inspectorTab)).findFirst().orElseThrow();
    d.switchTo().window(signInTab);
    browser.logIn("alice", PASSWORD);
    browser.approve();
    new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> x.getCurrentUrl().contains("/callback?"));
    d.close();
    d.switchTo().window(inspectorTab);
  }

  private static void waitForStatus(WebDriver d, String status) {
    // the view redraws while the run goes on (every 500 ms until it is done or failed): an element read just as it is
    // replaced is stale, so read again
    new WebDriverWait(d, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class)
        .until(x -> Set.of("done", "failed").contains(text(x, "oauth-status")));
    assertThat(text(d, "oauth-status")).as(text(d, "oauth-message")).isEqualTo(status);
  }

  private static String text(WebDriver d, String id) {
    return d.findElement(By.id(id)).getText();
  }

  private static void shot(WebDriver d, String name) throws Exception {
    Files.createDirectories(SHOTS);
    d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1400));
    Path f = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(f, SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
