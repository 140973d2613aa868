package dev.mcpkit.cli;

import dev.mcpkit.auth.server.testing.Chromium;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The inspector's page in a headless Chromium, for the browser tests added after InspectBrowserTest (peers, the
 * README walk-through, sign-in): open the launch URL, wait (bounded) for text, switch views, keep screenshots in
 * target/inspector-screenshots/. Closing it quits the browser.
 */
final class InspectPage implements AutoCloseable {

  private final Chromium chromium = new Chromium();
  final WebDriver d = chromium.driver();

  private InspectPage() {}

  /**
   * A browser on the launch URL (with its token), once the token was traded for the clean URL; the browser is quit
   * when that fails (nothing is left running).
   */
  static InspectPage open(String launchUrl) {
    InspectPage page = new InspectPage();
    try {
      return page.load(launchUrl);
    } catch (RuntimeException | Error e) {
      page.close();
      throw e;
    }
  }

  private InspectPage load(String launchUrl) {
    d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    d.get(launchUrl);
    chromium.waitForUrl(launchUrl.substring(0, launchUrl.indexOf('?')));
    if (d.getCurrentUrl().contains("token")) {
      throw new AssertionError("the token stayed in the address bar: " + d.getCurrentUrl());
    }
    return this;
  }

  /** The first element matching {@code by} whose text contains {@code text}, waiting up to {@code seconds}. */
  WebElement waitText(By by, String text, int seconds) {
    return InspectorPage.waitText(d, by, text, Duration.ofSeconds(seconds));
  }

  WebElement waitText(By by, String text) {
    return waitText(by, text, 30);
  }

  /** The first element matching {@code by}, waiting up to 30 s. */
  WebElement waitFor(By by) {
    return InspectorPage.waitFor(d, by, Duration.ofSeconds(30));
  }

  /** Clicks the first element matching {@code by} once it is there (again if the view redrew meanwhile). */
  void click(By by) {
    new WebDriverWait(d, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class).until(x -> {
      waitFor(by).click();
      return true;
    });
  }

  /** Replaces the value of the input named {@code name}. */
  void type(String name, String value) {
    WebElement input = waitFor(By.name(name));
    input.clear();
    input.sendKeys(value);
  }

  void tab(String view) {
    click(By.id("tab-" + view));
  }

  String body() {
    try {
      return d.findElement(By.tagName("body")).getText();
    } catch (RuntimeException e) {
      return "(no page: " + e.getMessage() + ")";
    }
  }

  void shot(String name) throws Exception {
    InspectorPage.shot(d, name);
  }

  @Override
  public void close() {
    chromium.close();
  }
}
