package dev.mcpkit.cli;

import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.inspector.web.Inspector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The set-up the inspector's browser tests share (InspectBrowserTest, InspectWorkbenchBrowserTest): the inspector
 * started from a builder and opened at its launch URL in headless Chromium, waits that ignore a view redrawing, and
 * screenshots into target/inspector-screenshots/. One per test ({@code @AutoClose}): closing stops both.
 */
final class InspectorPage implements AutoCloseable {

  static final Path SHOTS = Path.of("target", "inspector-screenshots");

  private Inspector inspector;
  private Chromium chromium;

  /** Starts the inspector, opens Chromium at {@code size} on its launch URL. */
  WebDriver open(Inspector.Builder builder, Dimension size) throws Exception {
    inspector = builder.start();
    chromium = new Chromium();
    WebDriver d = chromium.driver();
    d.manage().window().setSize(size);
    d.get(inspector.launchUrl().toString());
    return d;
  }

  Inspector inspector() {
    return inspector;
  }

  Chromium chromium() {
    return chromium;
  }

  /** The first element {@code by} whose text contains {@code text}, within {@code within}; else what the page shows. */
  static WebElement waitText(WebDriver d, By by, String text, Duration within) {
    try {
      return new WebDriverWait(d, within).ignoring(StaleElementReferenceException.class).until(x -> {
        List<WebElement> found = x.findElements(by);
        return found.stream().filter(e -> e.getText().contains(text)).findFirst().orElse(null);
      });
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("no " + by + " with \"" + text + "\"; the page shows: "
          + d.findElement(By.tagName("body")).getText());
    }
  }

  /** The first element {@code by}, within {@code within}; else what the page shows. */
  static WebElement waitFor(WebDriver d, By by, Duration within) {
    try {
      return new WebDriverWait(d, within).ignoring(StaleElementReferenceException.class)
          .until(x -> x.findElements(by).stream().findFirst().orElse(null));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("no " + by + "; the page shows: " + d.findElement(By.tagName("body")).getText());
    }
  }

  /** Saves what the browser shows as {@code SHOTS/name.png}. */
  static void shot(WebDriver d, String name) throws Exception {
    Files.createDirectories(SHOTS);
    Path f = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(f, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    if (chromium != null) {
      chromium.close();
    }
    if (inspector != null) {
      inspector.close();
    }
  }
}
