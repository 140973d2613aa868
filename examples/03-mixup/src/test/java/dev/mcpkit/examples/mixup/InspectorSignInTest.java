package dev.mcpkit.examples.mixup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.client.CredentialStore;
import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.inspector.web.Inspector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Signing in for the inspector's connection (not the debugger): the honest side's MCP server answers 401, the page
 * offers "Sign in", alice signs in in the tab it opens, and the connection then works for every view (the tool says
 * whose token it got). The sign-in is kept in the credential file {@code mcpkit login} uses, so a second inspector on
 * that file connects without asking. No token reaches the page.
 */
class InspectorSignInTest {

  private static final String PASSWORD = "alice's long password";
  private static final Path SHOTS = Path.of("target", "inspector-screenshots");

  @TempDir Path home;

  @Test
  void signsInFromTheConnectPanelAndKeepsTheSignInForTheNextLaunch() throws Exception {
    Path credentials = home.resolve("credentials.json");
    try (HonestSide honest = new HonestSide(PASSWORD)) {
      ServerSpec target = ServerSpec.builder().transport("http").url(honest.resource).build();
      try (Inspector inspector = Inspector.builder().target(target).credentials(credentials).start();
          Chromium browser = new Chromium()) {
        WebDriver d = browser.driver();
        d.manage().window().setSize(new org.openqa.selenium.Dimension(1100, 700));
        d.get(inspector.launchUrl().toString());
        waitText(d, "status", "sign-in");
        assertThat(d.findElement(By.id("signin-box")).isDisplayed()).isTrue();
        assertThat(text(d, "connect-error")).contains("the server at " + honest.resource);
        d.findElement(By.id("signin-client-id")).sendKeys(HonestSide.CLIENT);
        d.findElement(By.id("signin")).click();
        String inspectorTab = d.getWindowHandle();
        new WebDriverWait(d, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
            .ignoring(org.openqa.selenium.NoSuchElementException.class).until(x -> {
              x.findElement(By.id("signin-open")).click();
              return true;
            });
        new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> x.getWindowHandles().size() == 2);
        d.switchTo().window(d.getWindowHandles().stream().filter(h -> !h.equals(inspectorTab)).findFirst().orElseThrow());
        browser.logIn("alice", PASSWORD);
        browser.approve();
        new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> x.getCurrentUrl().contains("/callback?"));
        d.close();
        d.switchTo().window(inspectorTab);

        waitText(d, "status", "connected");
        assertThat(d.findElement(By.id("signin-box")).isDisplayed()).isFalse();
        assertThat(d.findElement(By.id("connect-error")).isDisplayed()).isFalse();
        callWhoAmI(d);
        shot(d, "signin-connected.png");
        // the OAuth view shows this sign-in's steps (the one mechanism), with no secret on the page
        d.findElement(By.id("tab-oauth")).click();
        browser.waitFor("oauth-step-callback");
        assertThat(d.findElement(By.id("oauth-step-callback")).getAttribute("data-status")).isEqualTo("pass");
        assertThat(d.getPageSource()).doesNotContain("eyJ");
      }
      // the sign-in is in the file mcpkit login keeps them in
      assertThat(CredentialStore.file(credentials).bindings()).hasSize(1);

      try (Inspector again = Inspector.builder().target(ServerSpec.builder().transport("http").url(honest.resource)
              .build()).credentials(credentials).start();
          Chromium browser = new Chromium()) {
        WebDriver d = browser.driver();
        d.get(again.launchUrl().toString());
        waitText(d, "status", "connected");
        assertThat(d.findElement(By.id("signin-box")).isDisplayed()).isFalse();
        callWhoAmI(d);
      }
    }
  }

  private static void callWhoAmI(WebDriver d) {
    d.findElement(By.id("tab-tools")).click();
    new WebDriverWait(d, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class).until(x -> {
          x.findElement(By.cssSelector("#tool-list li[data-name='who_am_i']")).click();
          return true;
        });
    d.findElement(By.id("call-tool")).click();
    new WebDriverWait(d, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
        .until(x -> x.findElements(By.cssSelector("#tool-result .content-text")).stream()
            .anyMatch(e -> e.getText().equals("alice")));
  }

  private static void waitText(WebDriver d, String id, String text) {
    try {
      new WebDriverWait(d, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
          .until(x -> x.findElement(By.id(id)).getText().startsWith(text));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("#" + id + " never showed \"" + text + "\"; the page shows: "
          + d.findElement(By.tagName("body")).getText());
    }
  }

  private static String text(WebDriver d, String id) {
    return d.findElement(By.id(id)).getText();
  }

  private static void shot(WebDriver d, String name) throws Exception {
    Files.createDirectories(SHOTS);
    Path f = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(f, SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
