package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.testing.Repo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official MCP conformance suite against {@code mcpkit conformance-server}, run from the
 * packaged jar: the stable 0.1.16 default suite, and the 0.2.0-alpha.12 scenarios of 2026-07-28
 * (stateless) and of 2025-11-25. Every scenario must pass with no FAILURE and no WARNING, and
 * without any expected-failures file.
 */
class ServerConformanceIT {

  static McpkitProcess server;

  @BeforeAll
  static void start() throws Exception {
    server = McpkitProcess.startHttp("conformance-server", "--port", "0");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static Path out(String name) {
    return Repo.root().resolve("mcpkit-cli/target/conformance/" + name);
  }

  static void assertClean(String name, NodeTool.Run run, Path dir, long minScenarios) throws Exception {
    List<NodeTool.Check> bad = NodeTool.checks(dir).stream()
        .filter(c -> c.status().equals("FAILURE") || c.status().equals("WARNING")).toList();
    assertThat(bad).as(name + " failures and warnings").isEmpty();
    assertThat(run.exitCode()).as(name + " exit code; output:\n" + run.output()).isZero();
    assertThat(NodeTool.scenarioCount(dir)).as(name + " scenarios run").isGreaterThanOrEqualTo(minScenarios);
    assertThat(server.isAlive()).isTrue();
  }

  @Test
  void stableSuiteDefault() throws Exception {
    Path dir = out("stable-0.1.16");
    NodeTool.Run run = NodeTool.run(NodeTool.conformance(),
        List.of("server", "--url", server.endpoint().toString(), "-o", dir.toString()),
        dir.resolveSibling("stable-0.1.16.log"), Map.of(), 300);
    assertThat(run.output()).contains("Total: ").contains(" 0 failed");
    assertClean("conformance 0.1.16 (default suite)", run, dir, 30);
  }

  @Test
  void alphaStateless2026() throws Exception {
    // Every scenario that applies to 2026-07-28 (the 37 of the requirement set plus the pending
    // json-schema-2020-12 and the two header-validation scenarios), on the stateless wire.
    Path dir = out("alpha-2026-07-28");
    NodeTool.Run run = NodeTool.run(NodeTool.conformanceAlpha(),
        List.of("server", "--url", server.endpoint().toString(), "--spec-version", "2026-07-28", "--suite", "all",
            "-o", dir.toString()),
        dir.resolveSibling("alpha-2026-07-28.log"), Map.of(), 600);
    assertClean("conformance 0.2.0-alpha.12 at 2026-07-28", run, dir, 40);
    assertThat(run.output()).contains("server-stateless").contains("input-required-result-tampered-state")
        .contains("caching").contains("sep-2164-resource-not-found").contains("http-header-validation");
  }

  @Test
  void alphaRequirements2025() throws Exception {
    Path dir = out("alpha-2025-11-25");
    NodeTool.Run run = NodeTool.run(NodeTool.conformanceAlpha(),
        List.of("server", "--url", server.endpoint().toString(), "--requirements", "2025-11-25", "-o", dir.toString()),
        dir.resolveSibling("alpha-2025-11-25.log"), Map.of(), 600);
    assertClean("conformance 0.2.0-alpha.12 requirements 2025-11-25", run, dir, 33);
  }
}
