package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpkit.core.testing.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./mcpkit} launcher at the repository root, run as a process the way a user runs it (issue 12): what it
 * prints while it builds, and which JVM flags it gives Maven.
 */
class LauncherIT {

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  static Path launcher() {
    return Repo.root().resolve("mcpkit");
  }

  /** The home of the JDK running the tests (a JDK >= 21, with javac). */
  static String javaHome() {
    return System.getProperty("java.home");
  }

  static Result run(Map<String, String> env, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(Repo.root().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("JAVA_HOME", javaHome());
    pb.environment().remove("MCPKIT_JAVA_HOME");
    pb.environment().remove("MAVEN_OPTS");
    pb.environment().putAll(env);
    Process p = pb.start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("did not finish: " + command);
    }
    return new Result(p.exitValue(), out, err.get(30, TimeUnit.SECONDS));
  }

  static Result mcpkit(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher().toString()));
    cmd.addAll(List.of(args));
    return run(env, cmd);
  }

  static Result bash(String script) throws Exception {
    return run(Map.of(), List.of("bash", "-c", script));
  }

  /**
   * A build by the launcher, as a stdio host meets it: {@code serve --stdio} on a jar that must be built first. The
   * host gets, on stderr, what is happening, how long it takes, one line per module, and no JDK warnings from Maven;
   * stdout (the protocol's) stays empty.
   */
  @Test
  void aBuildByTheLauncherSaysWhatItDoesAndShowsNoJdkWarnings() throws Exception {
    Result r = mcpkit(Map.of("MCPKIT_REBUILD", "1"), "serve", "--stdio");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).as(r.toString()).isEmpty();
    assertThat(r.err()).as(r.toString())
        .contains("mcpkit: the sources changed since ", "; rebuilding it (usually under a minute) ...")
        .contains("mcpkit: the stdio server starts when this build is done;", "--version` before adding mcpkit to a host")
        .contains("mcpkit:   module 1 of ").containsPattern("mcpkit:   module (\\d+) of \\1: mcpkit-cli\n")
        .containsPattern("mcpkit: built in \\d+ s \\(Maven's output: .*mcpkit-build.log\\)")
        .doesNotContain("sun.misc.Unsafe").doesNotContain("WARNING");
  }

  @Test
  void theUnsafeFlagIsGivenOnlyToJdksThatKnowIt() throws Exception {
    Result r = bash(". scripts/java.sh; for v in 21 22 23 24 25; do echo \"$v:$(mcpkit_maven_jvm_opts $v)\"; done");
    assertThat(r.out().lines()).containsExactly("21:", "22:", "23:", "24:--sun-misc-unsafe-memory-access=allow",
        "25:--sun-misc-unsafe-memory-access=allow");
  }

  @Test
  void printedCommandsUseTheNameTheLauncherWasRunAs(@TempDir Path bin) throws Exception {
    Process up = new ProcessBuilder("./mcpkit", "up", "--port", "0").directory(Repo.root().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    StringBuffer log = new StringBuffer();
    Thread.ofVirtual().start(() -> {
      try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(up.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          log.append(line).append('\n');
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
    try {
      Pattern listening = Pattern.compile("listening on (http://\\S+)");
      await().atMost(Duration.ofSeconds(120)).until(() -> listening.matcher(log).find() || !up.isAlive());
      Matcher m = listening.matcher(log);
      assertThat(m.find()).as(log.toString()).isTrue();
      String url = m.group(1);
      // mcpkit up's "try next" has mcpkit's own commands, as the user ran it.
      assertThat(log.toString()).contains("  ./mcpkit login " + url + "\n", "  ./mcpkit list " + url + "\n",
          "  ./mcpkit call " + url + " tools/call --tool add_numbers");

      // The login hint of a client command without a terminal, for each way of running the launcher.
      Result dot = mcpkitAs("./mcpkit", Map.of(), url);
      assertThat(dot.err()).as(dot.toString()).contains("\n  ./mcpkit login " + url + " --scope mcp:read\n");
      Result absolute = mcpkitAs(launcher().toString(), Map.of(), url);
      assertThat(absolute.err()).as(absolute.toString())
          .contains("\n  " + launcher() + " login " + url + " --scope mcp:read\n");
      Files.createSymbolicLink(bin.resolve("mcpkit"), launcher());
      Result onPath = mcpkitAs("mcpkit", Map.of("PATH", bin + ":" + System.getenv("PATH")), url);
      assertThat(onPath.err()).as(onPath.toString()).contains("\n  mcpkit login " + url + " --scope mcp:read\n");
    } finally {
      up.destroy();
      if (!up.waitFor(15, TimeUnit.SECONDS)) {
        up.destroyForcibly();
      }
    }
  }

  /** {@code list URL} through a shell that runs the launcher by the given name (so PATH is the shell's). */
  private static Result mcpkitAs(String name, Map<String, String> env, String url) throws Exception {
    Result r = run(env, List.of("bash", "-c", "\"$0\" list \"$1\"", name, url));
    assertThat(r.exit()).as(r.toString()).isEqualTo(3);
    return r;
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
