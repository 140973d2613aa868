package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.testing.LoopbackPorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Sign-in that recovers by itself, with the packaged jar, {@code mcpkit up} and headless
 * Chromium: after {@code up} restarts on the same port with its memory store (its authorization server has forgotten
 * the client mcpkit registered), {@code call} on a pseudo-terminal notices it before the browser opens, registers
 * again and succeeds, and {@code logout} succeeds cleanly, also when the server forgot the client; the wait for the
 * browser is bounded and says so; {@code login --prompt consent} shows a remembered consent page again, and {@code
 * logout} makes the server forget the consent.
 */
class SignInRecoveryIT {

  @TempDir Path home;

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private Path credentials() {
    return home.resolve(".mcpkit/credentials.json");
  }

  private ProcessBuilder mcpkit(String... args) {
    ProcessBuilder pb = new ProcessBuilder(McpkitProcess.command(args));
    pb.environment().putAll(Map.of("HOME", home.toString(), "MCPKIT_CREDENTIALS", credentials().toString(),
        "MCPKIT_BROWSER", "/bin/false"));
    return pb;
  }

  /** Runs the jar with no terminal. */
  private Result run(String... args) throws Exception {
    Process p = mcpkit(args).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("mcpkit %s finished", List.of(args)).isTrue();
    return new Result(p.exitValue(), out, err.get(10, TimeUnit.SECONDS));
  }

  /** Runs the jar on a pseudo-terminal (script(1)), stdout and stderr together. */
  private Process onTerminal(String... args) throws Exception {
    List<String> cmd = McpkitProcess.command(args);
    ProcessBuilder pty = new ProcessBuilder("script", "-q", "-e", "-c", String.join(" ", cmd.stream()
        .map(a -> "'" + a.replace("'", "'\\''") + "'").toList()), "/dev/null");
    pty.environment().putAll(mcpkit().environment());
    return pty.redirectErrorStream(true).start();
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /**
   * Reads the command's output until it shows an authorization URL, opens it in a fresh Chromium, signs the demo user
   * in, lets {@code consent} act on what follows (approve, or nothing when no consent page is expected), waits for
   * the redirect back to the loopback listener, and returns the whole output once the command exits.
   */
  private static Result signIn(Process p, String password, Consumer<Chromium> consent) throws Exception {
    StringBuffer all = new StringBuffer();
    AuthorizeUrlWatch watch = AuthorizeUrlWatch.start(p.getInputStream(), all);
    CompletableFuture<String> url = watch.url();
    Thread reader = watch.reader();
    String authorize;
    try {
      authorize = url.get(90, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      p.waitFor(30, TimeUnit.SECONDS);
      reader.join(5000);
      throw new AssertionError("no authorization URL; the command printed:\n" + all);
    }
    String redirect = java.net.URLDecoder.decode(authorize.replaceAll(".*[?&]redirect_uri=([^&]+).*", "$1"),
        StandardCharsets.UTF_8);
    try (Chromium browser = new Chromium()) {
      browser.driver().get(authorize);
      browser.logIn("demo", password);
      consent.accept(browser);
      browser.waitForUrl(redirect);
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(all.toString()).isTrue();
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly(); // a failed step must not leave the command waiting for minutes
      }
    }
    reader.join(5000);
    return new Result(p.exitValue(), all.toString(), "");
  }

  private String storedClientId(String issuer) throws Exception {
    return Json.parse(Files.readAllBytes(credentials())).path("clients").path(issuer).path("client_id").asString(null);
  }

  @Test
  void afterUpRestartsCallRegistersAgainSignsInAndSucceedsAndLogoutIsClean() throws Exception {
    int port = LoopbackPorts.free();
    String clientBefore;
    String resource;
    String issuer;
    try (UpProcess up = new UpProcess(McpkitProcess.startHttp("up", "--port", Integer.toString(port)))) {
      resource = up.resource;
      issuer = up.issuer;
      Result in = signIn(mcpkit("login", up.resource, "--no-browser").redirectErrorStream(true).start(), up.password,
          Chromium::approve);
      assertThat(in.exit()).as(in.toString()).isZero();
      assertThat(in.out()).contains("(dcr)");
      clientBefore = storedClientId(up.issuer);
      assertThat(clientBefore).isNotNull();
    }

    // The same port, a fresh memory store: the stored tokens and the registered client mean nothing there now.
    try (UpProcess up = new UpProcess(McpkitProcess.startHttp("up", "--port", Integer.toString(port)))) {
      assertThat(up.resource).isEqualTo(resource);
      Process call = onTerminal("call", up.resource, "tools/call", "--tool", "add_numbers", "--arg", "a=0.1",
          "--arg", "b=0.2", "--no-browser");
      Result r = signIn(call, up.password, Chromium::approve);
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).as(r.toString()).contains("no longer knows the client " + clientBefore)
          .contains("registering again").contains("giving up after 5m").contains("0.3");
      String clientAfter = storedClientId(up.issuer);
      assertThat(clientAfter).isNotNull().isNotEqualTo(clientBefore);

      Result out = run("logout", up.resource);
      assertThat(out.exit()).as(out.toString()).isZero();
      assertThat(out.out()).contains("Signed out of " + up.resource).contains("the tokens were revoked and deleted");
      assertThat(out.err()).isEmpty();
    }

    // Signed in again, then up restarts once more: logout cannot revoke at a server that forgot the client, says so,
    // succeeds, and forgets the dead registration (the next sign-in registers anew instead of reusing it).
    try (UpProcess up = new UpProcess(McpkitProcess.startHttp("up", "--port", Integer.toString(port)))) {
      Result in = signIn(mcpkit("login", up.resource, "--no-browser").redirectErrorStream(true).start(), up.password,
          Chromium::approve);
      assertThat(in.exit()).as(in.toString()).isZero();
    }
    try (UpProcess up = new UpProcess(McpkitProcess.startHttp("up", "--port", Integer.toString(port)))) {
      Result out = run("logout", up.resource);
      assertThat(out.exit()).as(out.toString()).isZero();
      assertThat(out.out()).as(out.toString()).contains("Signed out of " + up.resource)
          .contains("no longer knows the client").contains("the client registration was forgotten too")
          .doesNotContain("HTTP 401");
      assertThat(storedClientId(issuer)).isNull();
    }
  }

  @Test
  void theWaitForTheBrowserIsShownAndBounded() throws Exception {
    try (UpProcess up = new UpProcess()) {
      Result r = run("login", up.resource, "--no-browser", "--login-timeout", "3s");
      assertThat(r.exit()).as(r.toString()).isEqualTo(3);
      assertThat(r.err()).as(r.toString()).contains("Open this URL in a browser to sign in:")
          .contains("/auth/authorize?").contains("(waiting for the sign-in to complete at http://127.0.0.1:")
          .contains("giving up after 3s").contains("gave up waiting: nobody completed the sign-in in the browser"
              + " within 3 s");
    }
  }

  @Test
  void loginPromptConsentShowsARememberedConsentAgainAndLogoutForgetsIt() throws Exception {
    try (UpProcess up = new UpProcess()) {
      // up's pre-registered public client: a configured client is kept at logout, so only the consent can change.
      // The same scope every time (a signed-in login asks for the resource's scopes_supported otherwise, which a
      // consent for mcp:read alone does not cover).
      String[] login = {"login", up.resource, "--no-browser", "--client-id", "mcpkit-demo", "--scope", "mcp:read"};
      Result first = signIn(mcpkit(login).redirectErrorStream(true).start(), up.password, browser -> {
        browser.waitFor("remember");
        assertThat(browser.driver().findElement(By.id("remember")).isSelected()).as("pre-ticked").isFalse();
        browser.approveAndRemember();
      });
      assertThat(first.exit()).as(first.toString()).isZero();
      // Remembered: a fresh browser signs in and goes straight back, no consent page.
      Result remembered = signIn(mcpkit(login).redirectErrorStream(true).start(), up.password, browser -> { });
      assertThat(remembered.exit()).as(remembered.toString()).isZero();
      // --prompt consent: the consent page despite the remembered decision.
      Result again = signIn(mcpkit(concat(login, "--prompt", "consent")).redirectErrorStream(true).start(),
          up.password, Chromium::approveAndRemember);
      assertThat(again.exit()).as(again.toString()).isZero();
      assertThat(again.out()).contains("prompt=consent");
      // logout asks the server to forget the consent: the next sign-in shows the consent page again.
      Result out = run("logout", up.resource);
      assertThat(out.exit()).as(out.toString()).isZero();
      assertThat(out.out()).contains("the tokens were revoked and deleted");
      Result afterLogout = signIn(mcpkit(login).redirectErrorStream(true).start(), up.password, Chromium::approve);
      assertThat(afterLogout.exit()).as(afterLogout.toString()).isZero();
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
