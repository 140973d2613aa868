package dev.mcpkit.cli;

import dev.mcpkit.inspector.web.Inspector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The set-up of the OAuth debugger's browser tests: {@code mcpkit up} run as a process, an inspector on a temporary
 * project, and its page in headless Chromium on the OAuth tab with up's MCP endpoint filled in. Closing it closes the
 * page and the inspector and stops up.
 */
final class OAuthDebuggerOnUp implements AutoCloseable {

  private static final Pattern ENDPOINT = Pattern.compile("MCP endpoint\\s+(http://127\\.0\\.0\\.1:\\d+/mcp)");

  /** Up's MCP endpoint. */
  final String mcp;
  /** What up printed on stderr so far (guarded by itself). */
  final List<String> upLines;
  final InspectPage page;
  private final Process up;
  private final Inspector inspector;

  private OAuthDebuggerOnUp(Process up, List<String> upLines, String mcp, Inspector inspector, InspectPage page) {
    this.up = up;
    this.upLines = upLines;
    this.mcp = mcp;
    this.inspector = inspector;
    this.page = page;
  }

  /** Starts up and the inspector (its project and credentials in {@code home}) and opens the OAuth tab. */
  static OAuthDebuggerOnUp start(Path home) throws Exception {
    List<String> upLines = new ArrayList<>();
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    Process up = InspectSignInBrowserTest.mcpkit(List.of("up", "--port", "0"), ENDPOINT, endpoint, upLines);
    Inspector inspector = null;
    InspectPage page = null;
    try {
      String mcp = endpoint.get(60, TimeUnit.SECONDS);
      inspector = Inspector.builder().projectDirectory(home).credentials(home.resolve("c.json")).start();
      page = InspectPage.open(inspector.launchUrl().toString());
      OAuthDebuggerOnUp on = new OAuthDebuggerOnUp(up, upLines, mcp, inspector, page);
      page.tab("oauth");
      on.fill("oauth-url", mcp);
      return on;
    } catch (Exception | AssertionError e) {
      if (page != null) {
        page.close();
      }
      if (inspector != null) {
        inspector.close();
      }
      InspectSignInBrowserTest.stop(up);
      throw e;
    }
  }

  /** Replaces the value of the input {@code id}. */
  void fill(String id, String value) {
    WebElement input = page.waitFor(By.id(id));
    input.clear();
    input.sendKeys(value);
  }

  /** An attribute (or with {@code null} the text) of the first element matching {@code css}, read again after a redraw. */
  String read(String css, String attribute) {
    try {
      return new WebDriverWait(page.d, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
          .until(x -> x.findElements(By.cssSelector(css)).stream().findFirst()
              .map(e -> attribute == null ? e.getText() : e.getDomAttribute(attribute)).orElse(null));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("no " + css + "; the page shows: " + page.body());
    }
  }

  @Override
  public void close() throws Exception {
    try (inspector; page) {
      // closes the page, then the inspector
    } finally {
      InspectSignInBrowserTest.stop(up);
    }
  }
}
