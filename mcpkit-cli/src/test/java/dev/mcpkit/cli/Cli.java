package dev.mcpkit.cli;

import dev.mcpkit.core.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the shaded {@code mcpkit.jar} as a user would, with no terminal attached. */
final class Cli {

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private Cli() {}

  /** The jar under test: {@code -Dmcpkit.jar=...} (say the jar of an older build, to see a test fail on it), else this build's. */
  static Path jar() {
    String other = System.getProperty("mcpkit.jar");
    return other != null && !other.isBlank() ? Path.of(other) : Repo.root().resolve("mcpkit-cli/target/mcpkit.jar");
  }

  /** The start-up archive of the jar under test, in this build's target (another jar's folder may be read-only). */
  private static Path archive() {
    Path target = Repo.root().resolve("mcpkit-cli/target");
    return jar().equals(target.resolve("mcpkit.jar")) ? target.resolve("cli-it.jsa") : target.resolve("cli-it-other.jsa");
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Result run(String... args) throws Exception {
    return run(Map.of(), List.of(args));
  }

  static Result run(Map<String, String> env, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+AutoCreateSharedArchive",
        "-XX:SharedArchiveFile=" + archive(), "-Xlog:disable", "-Xlog:all=error:stderr", "-jar", jar().toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("mcpkit did not finish: " + args);
    }
    return new Result(p.exitValue(), out, err.get(10, TimeUnit.SECONDS));
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
