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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./mcpkit} launcher at the repository root, run as a process the way a user runs it: what it
 * prints while it builds, and which JVM flags it gives Maven.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** A 2026 tools/call of echo_message with "hi": one line a stdio server answers without a handshake. */
  static final String ECHO_HI = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
      + "\"params\":{\"name\":\"echo_message\",\"arguments\":{\"message\":\"hi\"},"
      + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
      + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";

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
        .doesNotContain("sun.misc.Unsafe").doesNotContain("WARNING")
        // the build recorded the start-up cache (mcpkit-cli's package phase), so the launcher had nothing to record
        .doesNotContain("recording the start-up cache");
    assertThat(archiveFor(archive(major(javaHome())), jdkId(javaHome()))).isTrue();
  }

  /**
   * The Maven build records the start-up cache itself, for the JDK it runs on, right after it makes
   * the jar (scripts/aot-train.sh in mcpkit-cli's {@code package}), so the first start after a plain build uses it:
   * the archive in target/ is current for this JDK and was stamped before these tests started (not by a launcher
   * start in a test), and {@code serve --stdio} maps mcpkit's own classes from it. First, before the tests that
   * rebuild the jar or restamp the archive.
   */
  @Test
  @Order(1)
  void theBuildRecordsTheStartupCacheAndTheFirstStartUsesIt(@TempDir Path dir) throws Exception {
    Path archive = archive(major(javaHome()));
    assertThat(archiveFor(archive, jdkId(javaHome()))).as(archive + " current for " + javaHome()).isTrue();
    // The JVM's own start time (milliseconds): ProcessHandle's startInstant is computed from the boot time in whole
    // seconds, so it can read up to a second early, before a stamp the build wrote just before the tests began.
    Instant testsStarted = Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
    assertThat(Files.getLastModifiedTime(archive.resolveSibling(archive.getFileName() + ".jdk")).toInstant())
        .isBefore(testsStarted);
    Path loads = dir.resolve("class-load.log");
    Result r = run(Map.of("MCPKIT_JAVA_OPTS", "-Xlog:class+load=info:file=" + loads),
        List.of("bash", "-c", "echo \"$1\" | \"$0\" serve --stdio", launcher().toString(), ECHO_HI));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).as(r.toString()).contains("\"text\":\"hi\"");
    assertThat(r.err()).as(r.toString()).isEmpty();
    assertThat(Files.readString(loads)).containsPattern("dev\\.mcpkit\\.cli\\.Main source: shared objects file")
        .containsPattern("dev\\.mcpkit\\.server\\.\\S+ source: shared objects file");
  }

  /**
   * The training never fails the build that runs it (a missing cache only costs start-up speed): it says so in one
   * line, keeps the training's output in a log, and exits 0.
   */
  @Test
  void aFailedTrainingSaysSoInOneLineAndFailsNothing(@TempDir Path dir) throws Exception {
    Path jar = Files.writeString(dir.resolve("mcpkit.jar"), "not a jar");
    Result r = run(Map.of(), List.of(Repo.root().resolve("scripts/aot-train.sh").toString(), javaHome(),
        jar.toString()));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.err().lines()).as(r.toString()).singleElement().asString()
        .startsWith("mcpkit: the start-up cache for " + jar + " was not recorded (the training run failed with exit 1;")
        .endsWith("mcpkit starts without it, only slower");
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("mcpkit.jar",
          archive(major(javaHome())).getFileName() + ".log");
    }
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

  /** The JDK's identity as the launcher stamps its start-up archive with: its home and runtime version. */
  static String jdkId(String home) throws IOException {
    String version = Files.readAllLines(Path.of(home, "release")).stream()
        .filter(l -> l.startsWith("JAVA_RUNTIME_VERSION=")).findFirst().orElseThrow()
        .replaceFirst("^JAVA_RUNTIME_VERSION=\"(.*)\"$", "$1");
    return home + " " + version;
  }

  static int major(String home) throws IOException {
    String v = Files.readAllLines(Path.of(home, "release")).stream().filter(l -> l.startsWith("JAVA_VERSION="))
        .findFirst().orElseThrow().replaceFirst("^JAVA_VERSION=\"(\\d+).*$", "$1");
    return Integer.parseInt(v);
  }

  /** The launcher's start-up archive for a JDK of this major version, next to the jar. */
  static Path archive(int major) {
    return Repo.root().resolve("mcpkit-cli/target/mcpkit-jdk" + major + (major >= 25 ? ".aot" : ".jsa"));
  }

  /** The archive is current when it is newer than the jar and stamped with this JDK. */
  static boolean archiveFor(Path archive, String jdkId) throws IOException {
    Path stamp = archive.resolveSibling(archive.getFileName() + ".jdk");
    Path jar = Repo.root().resolve("mcpkit-cli/target/mcpkit.jar");
    return Files.exists(archive) && Files.exists(stamp)
        && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0
        && Files.readString(stamp).strip().equals(jdkId);
  }

  /**
   * An archive works only with the JDK build that made it. One stamped by another JDK (here: the
   * same archive, its stamp naming another build) is not used, and the launcher records a new one, in the
   * background, while this start answers without it.
   */
  @Test
  void theStartupArchiveIsRemadeWhenTheJdkDiffers() throws Exception {
    Path archive = archive(major(javaHome()));
    Path stamp = archive.resolveSibling(archive.getFileName() + ".jdk");
    Files.createDirectories(archive.getParent());
    Files.writeString(stamp, javaHome() + " 0.0.1+1-another-build\n");
    Result r = mcpkit(Map.of(), "--version");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.err()).as(r.toString()).isEmpty();
    String id = jdkId(javaHome());
    await().atMost(Duration.ofMinutes(3)).until(() -> archiveFor(archive, id)
        && !Files.exists(archive.resolveSibling(archive.getFileName() + ".training")));
  }

  /**
   * A JDK before 25 has no AOT cache flags (JDK 24 reads AOT caches but cannot record one in a single step): the
   * launcher records a dynamic AppCDS archive instead, and a start with or without it answers. The JDK here is the
   * one running the tests, in a home whose {@code release} file says 24 (the machine has no JDK 21-24): what the
   * launcher decides from that file, and every JVM run, is real.
   */
  @Test
  void aJdkBefore25GetsAnAppCdsArchiveAndStartsWithOrWithoutIt(@TempDir Path home) throws Exception {
    Path real = Path.of(javaHome());
    Files.createDirectories(home.resolve("bin"));
    Files.createSymbolicLink(home.resolve("bin/java"), real.resolve("bin/java"));
    Files.createSymbolicLink(home.resolve("bin/javac"), real.resolve("bin/javac"));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"24.0.2\"\nJAVA_RUNTIME_VERSION=\"24.0.2+12\"\n");
    Path jsa = archive(24);
    Files.deleteIfExists(jsa);
    Map<String, String> env = Map.of("MCPKIT_JAVA_HOME", home.toString());
    Result first = run(env, List.of("bash", "-c", "echo \"$1\" | \"$0\" serve --stdio", launcher().toString(), ECHO_HI));
    assertThat(first.exit()).as(first.toString()).isZero();
    assertThat(first.out()).as(first.toString()).contains("\"text\":\"hi\"");
    assertThat(first.err()).as(first.toString()).isEmpty();
    await().atMost(Duration.ofMinutes(3)).until(() -> archiveFor(jsa, home + " 24.0.2+12")
        && !Files.exists(jsa.resolveSibling(jsa.getFileName() + ".training")));
    Result second = run(env, List.of("bash", "-c", "echo \"$1\" | \"$0\" serve --stdio", launcher().toString(), ECHO_HI));
    assertThat(second.exit()).as(second.toString()).isZero();
    assertThat(second.out()).as(second.toString()).contains("\"text\":\"hi\"");
    assertThat(second.err()).as(second.toString()).isEmpty();
    Files.deleteIfExists(jsa);
    Files.deleteIfExists(jsa.resolveSibling(jsa.getFileName() + ".jdk"));
  }

  /**
   * The stdio server hosts spawn (exactly {@code serve --stdio}) runs on the C1 compiler alone, which
   * took a third off a start's CPU; any other command line keeps the JVM's default compilers, and
   * {@code MCPKIT_JAVA_OPTS} comes after the launcher's flag, so it can give C2 back. On JDK 25+ that server also
   * leaves the archive's method profiles unused (C1 alone uses none; replaying them only queued compilations).
   */
  @Test
  void onlyTheStdioServerRunsOnC1Alone() throws Exception {
    List<String> stdio = javaCommandLine(Map.of(), "serve", "--stdio");
    assertThat(stdio).contains("-XX:TieredStopAtLevel=1");
    if (Runtime.version().feature() >= 25) {
      assertThat(stdio).contains("-XX:-AOTReplayTraining");
    }
    List<String> http = javaCommandLine(Map.of(), "serve", "--stdio", "--port", "0");
    assertThat(http).noneMatch(a -> a.startsWith("-XX:TieredStopAtLevel"));
    assertThat(http).noneMatch(a -> a.contains("AOTReplayTraining"));
    List<String> overridden = javaCommandLine(Map.of("MCPKIT_JAVA_OPTS", "-XX:TieredStopAtLevel=4"), "serve", "--stdio");
    assertThat(overridden.lastIndexOf("-XX:TieredStopAtLevel=4"))
        .isGreaterThan(overridden.indexOf("-XX:TieredStopAtLevel=1"));
  }

  /** The command line of the JVM the launcher execs for a stdio server (same process), read before its input ends. */
  private static List<String> javaCommandLine(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(Repo.root().toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("JAVA_HOME", javaHome());
    pb.environment().remove("MCPKIT_JAVA_HOME");
    pb.environment().remove("MCPKIT_JAVA_OPTS");
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      Path proc = Path.of("/proc/" + p.pid() + "/cmdline");
      List<String> seen = new ArrayList<>();
      await().atMost(Duration.ofMinutes(2)).until(() -> {
        seen.clear();
        seen.addAll(List.of(Files.readString(proc).split("\0")));
        return seen.getFirst().endsWith("/bin/java");
      });
      return List.copyOf(seen);
    } finally {
      p.getOutputStream().close();
      if (!p.waitFor(1, TimeUnit.MINUTES)) {
        p.destroyForcibly();
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
