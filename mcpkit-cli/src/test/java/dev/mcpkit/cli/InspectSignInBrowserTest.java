package dev.mcpkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpkit.auth.client.CredentialStore;
import dev.mcpkit.auth.client.StoredClient;
import dev.mcpkit.auth.client.StoredGrant;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code mcpkit inspect}'s sign-in: the authorization response comes back to the inspector's own origin
 * ({@code 127.0.0.1:PORT/callback}, checked by its state), and its options ({@code --client-id}, {@code --scope}, {@code --credentials}, as {@code mcpkit
 * login} takes them) reach the sign-in the page starts: {@code mcpkit up} is the server (its demo user, its
 * pre-registered public client {@code mcpkit-demo}), the user signs in in the tab the page opens, and the connection
 * then holds the extra scope (save_note needs {@code mcp:write}); the credentials file named on the command line keeps
 * the pre-registered client and the grant.
 */
class InspectSignInBrowserTest {

  static final String PASSWORD = "the demo user's password";

  @TempDir Path home;

  /** Starts {@code mcpkit ARGS} (this build) and completes {@code ready} with the first group of the stderr line matching it. */
  static Process mcpkit(List<String> args, Pattern ready, CompletableFuture<String> seen, List<String> lines)
      throws Exception {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    argv.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("MCPKIT_DEMO_PASSWORD", PASSWORD);
    Process p = pb.start();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = err.readLine()) != null; ) {
          synchronized (lines) {
            lines.add(line);
          }
          Matcher m = ready.matcher(line);
          if (m.find()) {
            seen.complete(m.group(1));
          }
        }
      } catch (Exception e) {
        // the process ended
      }
      seen.completeExceptionally(new AssertionError("it ended without printing " + ready + ": " + lines));
    });
    return p;
  }

  static void stop(Process p) throws InterruptedException {
    if (p != null) {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void signInOptionsThatDoNotApplyOrDoNotFitAreUsageErrors() {
    Cli.Result r = InProcessCli.run("inspect", "--no-open", "--no-browser", "http://127.0.0.1:1/mcp");
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("--no-browser (the page offers the sign-in page in a new tab"), r.err());
    r = InProcessCli.run("inspect", "--no-open", "--client-secret", "s3cret", "http://127.0.0.1:1/mcp");
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("a client secret needs --client-id"), r.err());
    r = InProcessCli.run("inspect", "--no-open", "--client-metadata-url", "http://example.com/client.json",
        "http://127.0.0.1:1/mcp");
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("must be https"), r.err());
    r = InProcessCli.run("inspect", "--no-open", "--login-timeout", "0s", "http://127.0.0.1:1/mcp");
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("--login-timeout: must be longer than 0"), r.err());
  }

  @Test
  void theClientIdScopeAndCredentialsOptionsReachTheSignInStartedFromThePage() throws Exception {
    Path credentials = home.resolve("credentials.json");
    Process up = null;
    Process inspect = null;
    List<String> upLines = new ArrayList<>();
    List<String> inspectLines = new ArrayList<>();
    try {
      CompletableFuture<String> endpoint = new CompletableFuture<>();
      up = mcpkit(List.of("up", "--port", "0"), Pattern.compile("MCP endpoint\\s+(http://127\\.0\\.0\\.1:\\d+/mcp)"),
          endpoint, upLines);
      String mcp = endpoint.get(60, TimeUnit.SECONDS);
      CompletableFuture<String> url = new CompletableFuture<>();
      inspect = mcpkit(List.of("inspect", "--no-open", "--client-id", UpCommand.PUBLIC_CLIENT, "--scope",
          "mcp:write", "--credentials", credentials.toString(), mcp),
          Pattern.compile("open this URL \\(its token is for this launch only\\): (http://\\S+)"), url, inspectLines);
      String launch = url.get(60, TimeUnit.SECONDS);
      String inspector = launch.substring(0, launch.indexOf("/?token="));
      try (InspectPage page = InspectPage.open(launch)) {
        WebDriver d = page.d;
        page.waitText(By.id("status"), "sign-in");
        assertTrue(d.findElement(By.id("signin-box")).isDisplayed());
        page.click(By.id("signin")); // no client id typed: the one given on the command line
        String inspectorTab = d.getWindowHandle();
        page.click(By.id("signin-open"));
        new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.getWindowHandles().size() == 2);
        d.switchTo().window(d.getWindowHandles().stream().filter(h -> !h.equals(inspectorTab)).findFirst().orElseThrow());
        String authorize = d.getCurrentUrl();
        assertTrue(authorize.contains("client_id=" + UpCommand.PUBLIC_CLIENT), authorize);
        assertTrue(authorize.matches(".*[?&]scope=[^&]*mcp%3Awrite.*"), authorize);
        // the authorization server sends the browser back to the inspector's own origin, not to another listener
        assertTrue(authorize.contains("redirect_uri=" + java.net.URLEncoder.encode(inspector + "/callback",
            StandardCharsets.UTF_8)), authorize);
        page.waitFor(By.id("username")).sendKeys(UpCommand.DEMO_USER);
        d.findElement(By.id("password")).sendKeys(PASSWORD);
        d.findElement(By.id("login")).click();
        new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.getCurrentUrl().contains("/callback?")
            || !x.findElements(By.id("approve")).isEmpty());
        if (!d.getCurrentUrl().contains("/callback?")) {
          d.findElement(By.id("approve")).click();
        }
        new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.getCurrentUrl().startsWith(inspector + "/callback?"));
        page.waitText(By.tagName("h1"), "Signed in");
        d.close();
        d.switchTo().window(inspectorTab);

        page.waitText(By.id("status"), "connected");
        // save_note writes: it needs mcp:write, which only --scope asked for
        page.tab("tools");
        page.click(By.cssSelector("li.tool[data-name='save_note']"));
        page.type("arg-text", "signed in with the options");
        page.click(By.id("call-tool"));
        String result = page.waitFor(By.cssSelector("#tool-result .content-text")).getText();
        assertFalse(page.body().contains("isError"), page.body());
        assertTrue(result.toLowerCase(java.util.Locale.ROOT).contains("saved"), result);
        page.shot("signin-options");
      }
      CredentialStore store = CredentialStore.file(credentials);
      assertEquals(1, store.bindings().size(), "the sign-in is kept in the --credentials file");
      CredentialStore.ServerBinding b = store.bindings().getFirst();
      StoredClient client = store.client(b.issuer()).orElseThrow();
      assertEquals(UpCommand.PUBLIC_CLIENT, client.clientId());
      assertEquals("pre-registered", client.registration());
      StoredGrant grant = store.grant(b.issuer(), b.resource()).orElseThrow();
      assertTrue(grant.scopes().contains("mcp:write"), grant.scopes().toString());
    } finally {
      stop(inspect);
      stop(up);
    }
  }
}
