package dev.mcpkit.cli;

import dev.mcpkit.auth.server.testing.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The inspector's page in a headless Chromium, for the browser tests added after InspectBrowserTest (peers, the
 * README walk-through, sign-in): open the launch URL, wait (bounded) for text, switch views, keep screenshots in
 * target/inspector-screenshots/. Closing it quits the browser.
 */
final class InspectPage implements AutoCloseable {

  static final Path SHOTS = Path.of("target", "inspector-screenshots");

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
    try {
      return new WebDriverWait(d, Duration.ofSeconds(seconds)).ignoring(StaleElementReferenceException.class).until(x -> {
        List<WebElement> found = x.findElements(by);
        return found.stream().filter(e -> e.getText().contains(text)).findFirst().orElse(null);
      });
    } catch (TimeoutException e) {
      throw new AssertionError("no " + by + " with \"" + text + "\"; the page shows: " + body());
    }
  }

  WebElement waitText(By by, String text) {
    return waitText(by, text, 30);
  }

  /** The first element matching {@code by}, waiting up to 30 s. */
  WebElement waitFor(By by) {
    try {
      return new WebDriverWait(d, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
          .until(x -> x.findElements(by).stream().findFirst().orElse(null));
    } catch (TimeoutException e) {
      throw new AssertionError("no " + by + "; the page shows: " + body());
    }
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
    Files.createDirectories(SHOTS);
    Path f = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(f, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    chromium.close();
  }
}
