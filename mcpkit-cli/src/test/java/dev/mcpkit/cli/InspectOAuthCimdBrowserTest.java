package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The OAuth debugger with a Client ID Metadata Document URL, in headless Chromium against {@code mcpkit up} (which
 * advertises CIMD): the client step shows the URL as the client id, the authorization server's support and who fetches
 * the document, all passing; the authorize URL carries that client id; and in the sign-in tab {@code mcpkit up}
 * fetches the document (this one is on a host that does not resolve, so its page says it could not be fetched: a
 * document it accepts has to be on a public https host). A URL that is not https is refused before anything starts.
 */
class InspectOAuthCimdBrowserTest {

  private static final String DOCUMENT = "https://client.invalid/mcpkit-inspector/client.json";

  @TempDir Path home;

  @Test
  void theDebuggerShowsTheCimdStepAndMcpkitUpFetchesTheDocument() throws Exception {
    try (OAuthDebuggerOnUp on = OAuthDebuggerOnUp.start(home)) {
      InspectPage page = on.page;
      WebDriver d = page.d;
      on.fill("oauth-cimd", "http://client.invalid/client.json");
      page.click(By.id("oauth-start"));
      assertThat(page.waitText(By.id("oauth-error"), "must be https").getText())
          .isEqualTo("a client id metadata document URL must be https with a path and no fragment");

      on.fill("oauth-cimd", DOCUMENT);
      page.click(By.id("oauth-start"));
      page.waitText(By.id("oauth-status"), "browser");
      // the view redraws while the run waits for the browser: every read finds its element again
      assertThat(on.read("#oauth-step-client", "data-status")).isEqualTo("pass");
      assertThat(check(on, "client", "client identification"))
          .contains("a Client ID Metadata Document URL as its client id");
      assertThat(check(on, "client", "client_id is the metadata document's URL")).contains("client_id = " + DOCUMENT);
      assertThat(check(on, "client", "the authorization server accepts Client ID Metadata Documents"))
          .contains("client_id_metadata_document_supported = true");
      assertThat(check(on, "client", "the authorization server fetches the document")).contains(DOCUMENT);
      assertThat(on.read("#oauth-step-authorize", "data-status")).isEqualTo("pass");
      assertThat(check(on, "authorize", "client_id is the metadata document's URL")).contains("client_id = " + DOCUMENT);
      assertThat(URLDecoder.decode(on.read("#oauth-open", "href"), StandardCharsets.UTF_8))
          .contains("client_id=" + DOCUMENT);
      ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
          "document.getElementById('oauth-step-client').scrollIntoView()");
      page.shot("oauth-cimd");

      // the sign-in tab: mcpkit up's authorization endpoint fetches the document the client id names
      String inspectorTab = d.getWindowHandle();
      page.click(By.id("oauth-open"));
      new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.getWindowHandles().size() == 2);
      d.getWindowHandles().stream().filter(h -> !h.equals(inspectorTab)).findFirst()
          .ifPresent(h -> d.switchTo().window(h));
      new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> page.body().contains("could not be fetched"));
      assertThat(page.body()).contains("the client metadata document could not be fetched");
      d.close();
      d.switchTo().window(inspectorTab);
    }
  }

  /** The text of a check of a step (only checks that passed are marked {@code data-ok="true"}). */
  private static String check(OAuthDebuggerOnUp on, String step, String name) {
    String css = "#oauth-step-" + step + " li.check[data-check=\"" + name + "\"]";
    assertThat(on.read(css, "data-ok")).as(name).isEqualTo("true");
    return on.read(css, null);
  }
}
