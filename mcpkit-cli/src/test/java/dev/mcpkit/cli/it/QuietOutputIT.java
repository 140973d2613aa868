package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client commands print results only: {@code mcpkit login} against {@code mcpkit up}, without a
 * terminal and with {@code --no-browser}, shows the sign-in URL and nothing from the libraries' logging; with
 * {@code --verbose} the OAuth client's {@code event=authorization_request} line is shown.
 */
class QuietOutputIT {

  static UpProcess up;
  @TempDir Path dir;

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

  @Test
  void loginShowsTheUrlAndNoLogLines() throws Exception {
    String err = loginUntilUrl(false);
    assertThat(err).contains("Open this URL in a browser to sign in:");
    assertThat(err).doesNotContain("event=authorization_request").doesNotContain(" INFO ");
  }

  @Test
  void verboseShowsTheOAuthClientsLogLines() throws Exception {
    String err = loginUntilUrl(true);
    assertThat(err).contains("event=authorization_request");
  }

  /** Runs {@code mcpkit login} until it prints the sign-in URL, then stops it; returns its stderr. */
  private String loginUntilUrl(boolean verbose) throws Exception {
    List<String> args = new ArrayList<>(List.of("login", up.resource, "--no-browser", "--credentials",
        dir.resolve("credentials.json").toString()));
    if (verbose) {
      args.add("--verbose");
    }
    Process p = new ProcessBuilder(McpkitProcess.command(args.toArray(String[]::new)))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    StringBuffer err = new StringBuffer();
    Thread reader = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> err.toString().contains("(waiting for the sign-in")
          || !p.isAlive());
    } finally {
      p.destroy();
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      reader.join(5000);
    }
    assertThat(err.toString()).as("stderr of mcpkit login").contains("(waiting for the sign-in");
    return err.toString();
  }

  private static void copy(InputStream in, StringBuffer to) {
    try {
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) > 0) {
        to.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }
}
