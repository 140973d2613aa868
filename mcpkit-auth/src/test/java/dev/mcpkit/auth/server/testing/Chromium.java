package dev.mcpkit.auth.server.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's real Chromium, headless, driven through Debian's chromedriver (both installed by
 * scripts/install-system-packages.sh). Each instance gets a fresh profile directory.
 */
public final class Chromium implements AutoCloseable {

  private final WebDriver driver;

  public Chromium() {
    for (String bin : new String[] {"/usr/bin/chromium", "/usr/bin/chromedriver"}) {
      if (!Files.isExecutable(Path.of(bin))) {
        throw new IllegalStateException(bin + " is missing: run scripts/install-system-packages.sh");
      }
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("mcpkit-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions o = new ChromeOptions();
    o.setBinary("/usr/bin/chromium");
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    driver = new ChromeDriver(service, o);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  public WebDriver driver() {
    return driver;
  }

  /** Waits (bounded) until an element with this id is on the page. */
  public void waitFor(String id) {
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
  }

  /** Waits (bounded) until the browser's URL starts with {@code prefix}; returns the URL. */
  public String waitForUrl(String prefix) {
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().startsWith(prefix));
    return driver.getCurrentUrl();
  }

  /** Signs in on mcpkit's login page. */
  public void logIn(String username, String password) {
    waitFor("username");
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("login")).click();
  }

  /** Approves on mcpkit's consent page (the decision is not remembered: the box is not ticked by default). */
  public void approve() {
    waitFor("approve");
    driver.findElement(By.id("approve")).click();
  }

  /** Ticks "Remember this decision", then approves. */
  public void approveAndRemember() {
    waitFor("remember");
    if (!driver.findElement(By.id("remember")).isSelected()) {
      driver.findElement(By.id("remember")).click();
    }
    approve();
  }

  /**
   * A README's sign-in as its reader does it (examples' ReadmeIT, through {@code ReadmeCommands.run(readme, browser)}):
   * opens the authorization URL in a fresh headless Chromium, signs in as {@code username}, approves on the consent
   * page when the server shows one, and waits (bounded) until the browser reaches the client's {@code /callback}.
   */
  public static void signInAndApprove(String authorizationUrl, String username, String password) {
    try (Chromium chromium = new Chromium()) {
      chromium.driver().get(authorizationUrl);
      chromium.logIn(username, password);
      new WebDriverWait(chromium.driver(), Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("/callback?")
          || !d.findElements(By.id("approve")).isEmpty());
      if (!chromium.driver().getCurrentUrl().contains("/callback?")) {
        chromium.approve();
      }
      new WebDriverWait(chromium.driver(), Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("/callback?"));
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
