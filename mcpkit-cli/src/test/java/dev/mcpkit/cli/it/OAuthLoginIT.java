package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The mcpkit client calls the mcpkit protected server through the mcpkit authorization server, end to end, with the
 * packaged jar: {@code mcpkit up} (part A's resource-server guard and the embedded AS) on one side, {@code mcpkit
 * login}/{@code call}/{@code logout} on the other, and Debian's headless Chromium signing in as the demo user and
 * approving the consent page. Then a forced expiry (refresh before use), a rejected access token (refresh on 401), a
 * step-up to {@code save_note} (which needs {@code mcp:write}) through {@code mcpkit call} on a terminal, and a
 * logout that revokes.
 */
class OAuthLoginIT {

  static UpProcess up;

  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    up = new UpProcess();
  }

  @AfterAll
  static void stop() throws Exception {
    if (up != null) {
      up.close();
    }
  }

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private Path credentials() {
    return home.resolve(".mcpkit/credentials.json");
  }

  private Map<String, String> env() {
    return Map.of("HOME", home.toString(), "MCPKIT_CREDENTIALS", credentials().toString(), "MCPKIT_BROWSER", "/bin/false");
  }

  private ProcessBuilder mcpkit(String... args) {
    ProcessBuilder pb = new ProcessBuilder(McpkitProcess.command(args));
    pb.environment().putAll(env());
    return pb;
  }

  /** Runs the jar with no terminal, as a script would. */
  private Result run(String... args) throws Exception {
    Process p = mcpkit(args).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("mcpkit %s finished", List.of(args)).isTrue();
    return new Result(p.exitValue(), out, err.get(10, TimeUnit.SECONDS));
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /**
   * Runs a command whose output shows an authorization URL, lets Chromium sign in (as the demo user) and approve, and
   * returns the command's whole output once it exits.
   */
  private static Result signInWithChromium(Process p, java.io.InputStream shown) throws Exception {
    StringBuffer all = new StringBuffer();
    AuthorizeUrlWatch watch = AuthorizeUrlWatch.start(shown, all);
    CompletableFuture<String> url = watch.url();
    Thread reader = watch.reader();
    String authorize = url.get(60, TimeUnit.SECONDS);
    String redirect = java.net.URLDecoder.decode(authorize.replaceAll(".*[?&]redirect_uri=([^&]+).*", "$1"),
        StandardCharsets.UTF_8);
    assertThat(redirect).matches("http://127\\.0\\.0\\.1:\\d+/callback");
    try (Chromium browser = new Chromium()) {
      browser.driver().get(authorize);
      browser.logIn("demo", up.password);
      browser.approve();
      browser.waitForUrl(redirect);
      assertThat(browser.driver().getPageSource()).contains("Signed in");
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(all.toString()).isTrue();
    reader.join(5000);
    return new Result(p.exitValue(), all.toString(), "");
  }

  private JsonNode grant() throws Exception {
    JsonNode root = Json.parse(Files.readAllBytes(credentials()));
    return root.path("grants").path(up.issuer).path(up.resource);
  }

  private void editGrant(java.util.function.Consumer<ObjectNode> change) throws Exception {
    ObjectNode root = (ObjectNode) Json.parse(Files.readAllBytes(credentials()));
    change.accept((ObjectNode) root.path("grants").path(up.issuer).path(up.resource));
    Files.writeString(credentials(), Json.write(root));
  }

  @Test
  void signInCallRefreshStepUpAndSignOutWithARealBrowser() throws Exception {
    // No sign-in yet and no terminal: exit code 3 and the exact command to run.
    Result first = run("call", up.resource, "tools/list");
    assertThat(first.exit()).as(first.toString()).isEqualTo(3);
    assertThat(first.err()).as(first.toString()).contains("sign in first")
        .contains("  mcpkit login " + up.resource + " --scope mcp:read\n");

    // mcpkit login --no-browser: it prints the URL; Chromium signs in and approves; the loopback listener gets the code.
    Process login = mcpkit("login", up.resource, "--no-browser").redirectErrorStream(true).start();
    Result signedIn = signInWithChromium(login, login.getInputStream());
    assertThat(signedIn.exit()).as(signedIn.toString()).isZero();
    assertThat(signedIn.out()).contains("Signed in to " + up.resource).contains("authorization server: " + up.issuer)
        .contains("(dcr)").contains("scopes:               mcp:read");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials()))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials().getParent()))).isEqualTo("rwx------");

    // The stored token calls a tool, with no browser and no terminal.
    Result add = run("call", up.resource, "tools/call", "--tool", "add_numbers", "--arg", "a=0.1", "--arg", "b=0.2");
    assertThat(add.exit()).as(add.toString()).isZero();
    assertThat(add.out().strip()).isEqualTo("0.3");

    // Forced expiry: the stored token is past its expiry, so the client refreshes before sending it.
    String access1 = grant().path("access_token").asString();
    String refresh1 = grant().path("refresh_token").asString();
    editGrant(g -> g.put("expires_at", Instant.now().minusSeconds(60).getEpochSecond()));
    Result afterExpiry = run("call", up.resource, "tools/list");
    assertThat(afterExpiry.exit()).as(afterExpiry.toString()).isZero();
    assertThat(afterExpiry.out()).contains("save_note");
    assertThat(grant().path("access_token").asString()).isNotEqualTo(access1);
    assertThat(grant().path("refresh_token").asString()).isNotEqualTo(refresh1); // rotated by the AS

    // The server refuses the access token (401): the client refreshes and retries.
    String refresh2 = grant().path("refresh_token").asString();
    editGrant(g -> g.put("access_token", "not-a-valid-token"));
    Result afterReject = run("call", up.resource, "tools/call", "--tool", "echo_message", "--arg", "message=again");
    assertThat(afterReject.exit()).as(afterReject.toString()).isZero();
    assertThat(grant().path("access_token").asString()).isNotEqualTo("not-a-valid-token");
    assertThat(grant().path("refresh_token").asString()).isNotEqualTo(refresh2);

    // save_note needs mcp:write: without a terminal, exit 3 and the login command for both scopes.
    Result noWrite = run("call", up.resource, "tools/call", "--tool", "save_note", "--arg", "text=hello");
    assertThat(noWrite.exit()).as(noWrite.toString()).isEqualTo(3);
    assertThat(noWrite.err()).contains("  mcpkit login " + up.resource + " --scope 'mcp:read mcp:write'");

    // On a terminal (a pseudo-terminal from script(1)), mcpkit call signs in again for the union and retries.
    List<String> cmd = McpkitProcess.command("call", up.resource, "tools/call", "--tool", "save_note", "--arg",
        "text=hello", "--no-browser");
    ProcessBuilder pty = new ProcessBuilder("script", "-q", "-e", "-c", String.join(" ", cmd.stream()
        .map(a -> "'" + a.replace("'", "'\\''") + "'").toList()), "/dev/null");
    pty.environment().putAll(env());
    pty.redirectErrorStream(true);
    Process stepUp = pty.start();
    Result steppedUp = signInWithChromium(stepUp, stepUp.getInputStream());
    assertThat(steppedUp.exit()).as(steppedUp.toString()).isZero();
    assertThat(steppedUp.out()).contains("signing in for the scopes mcp:read mcp:write").contains("Saved note 1");
    assertThat(grant().path("scope").asString().split(" ")).containsExactlyInAnyOrder("mcp:read", "mcp:write");

    // Sign out: revoked at the AS and forgotten here; the next call needs a sign-in again.
    String lastRefresh = grant().path("refresh_token").asString();
    String clientId = Json.parse(Files.readAllBytes(credentials())).path("clients").path(up.issuer).path("client_id").asString();
    Result out = run("logout", up.resource);
    assertThat(out.exit()).as(out.toString()).isZero();
    assertThat(out.out()).contains("Signed out of " + up.resource).contains("revoked");
    assertThat(grant().isMissingNode() || grant().isEmpty()).isTrue();
    try (HttpUser app = new HttpUser()) {
      HttpUser.Reply refresh = app.post(up.issuer + "/token", Map.of("grant_type", "refresh_token", "refresh_token",
          lastRefresh, "client_id", clientId, "resource", up.resource));
      assertThat(refresh.status()).as(refresh.body()).isEqualTo(400);
      assertThat(refresh.body()).contains("invalid_grant");
    }
    Result again = run("call", up.resource, "tools/list");
    assertThat(again.exit()).as(again.toString()).isEqualTo(3);
  }
}
