package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The official MCP conformance suite against {@code mcpkit gateway}, i.e. the gateway is itself a conforming server:
 * in front of {@code mcpkit conformance-server} (Streamable HTTP, served with {@code "prefix": ""}) and a second
 * upstream ({@code mcpkit serve --stdio}, under its own prefix), so it really aggregates. The stable 0.1.16 default
 * suite, the 0.2.0-alpha.12 scenarios of 2026-07-28 (stateless, the {@code input-required-result-*} ones passed
 * through unchanged) and its 2025-11-25 requirements: no FAILURE and no WARNING, without any expected-failures file.
 */
class GatewayConformanceIT {

  @TempDir static Path dir;
  static McpkitProcess upstream;
  static McpkitProcess gateway;

  @BeforeAll
  static void start() throws Exception {
    upstream = McpkitProcess.startHttp("conformance-server", "--port", "0");
    ObjectNode config = Json.object();
    ObjectNode servers = config.putObject("mcpServers");
    servers.putObject("conformance").put("url", upstream.endpoint().toString()).put("type", "http");
    ObjectNode demo = servers.putObject("demo").put("command", McpkitProcess.java());
    List.of("-jar", McpkitProcess.jar().toString(), "serve", "--stdio").forEach(demo.putArray("args")::add);
    config.putObject("gateway").putObject("servers").putObject("conformance").put("prefix", "");
    Path file = dir.resolve("gateway.json");
    Files.writeString(file, Json.write(config));
    gateway = McpkitProcess.startHttp("gateway", "--config", file.toString(), "--port", "0");
    assertThat(gateway.output()).contains("mcpkit gateway: 2 upstream(s)").contains("conformance  streamable-http")
        .contains("demo  stdio");
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  static Path out(String name) {
    return Repo.root().resolve("mcpkit-cli/target/conformance/gateway-" + name);
  }

  static void assertClean(String name, NodeTool.Run run, Path out, long minScenarios) throws Exception {
    List<NodeTool.Check> bad = NodeTool.checks(out).stream()
        .filter(c -> c.status().equals("FAILURE") || c.status().equals("WARNING")).toList();
    assertThat(bad).as(name + " failures and warnings").isEmpty();
    assertThat(run.exitCode()).as(name + " exit code; output:\n" + run.output()).isZero();
    assertThat(NodeTool.scenarioCount(out)).as(name + " scenarios run").isGreaterThanOrEqualTo(minScenarios);
    assertThat(gateway.isAlive()).isTrue();
    assertThat(upstream.isAlive()).isTrue();
  }

  /** A fresh output folder: a rerun must not count (or judge) an earlier run's scenarios. */
  static Path fresh(String name) throws Exception {
    Path out = out(name);
    if (Files.exists(out)) {
      try (var files = Files.walk(out)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return out;
  }

  @Test
  void stableSuiteDefault() throws Exception {
    Path out = fresh("stable-0.1.16");
    NodeTool.Run run = NodeTool.run(NodeTool.conformance(),
        List.of("server", "--url", gateway.endpoint().toString(), "-o", out.toString()),
        out.resolveSibling("gateway-stable-0.1.16.log"), Map.of(), 300);
    assertThat(run.output()).contains("Total: ").contains(" 0 failed");
    assertClean("conformance 0.1.16 (default suite) against the gateway", run, out, 30);
  }

  @Test
  void alphaStateless2026() throws Exception {
    Path out = fresh("alpha-2026-07-28");
    NodeTool.Run run = NodeTool.run(NodeTool.conformanceAlpha(),
        List.of("server", "--url", gateway.endpoint().toString(), "--spec-version", "2026-07-28", "--suite", "all",
            "-o", out.toString()),
        out.resolveSibling("gateway-alpha-2026-07-28.log"), Map.of(), 600);
    assertClean("conformance 0.2.0-alpha.12 at 2026-07-28 against the gateway", run, out, 40);
    assertThat(run.output()).contains("input-required-result-basic-elicitation")
        .contains("input-required-result-multiple-input-requests").contains("input-required-result-ignore-extra-params")
        .contains("input-required-result-tampered-state").contains("server-stateless");
  }

  @Test
  void alphaRequirements2025() throws Exception {
    Path out = fresh("alpha-2025-11-25");
    NodeTool.Run run = NodeTool.run(NodeTool.conformanceAlpha(),
        List.of("server", "--url", gateway.endpoint().toString(), "--requirements", "2025-11-25", "-o",
            out.toString()),
        out.resolveSibling("gateway-alpha-2025-11-25.log"), Map.of(), 600);
    assertClean("conformance 0.2.0-alpha.12 requirements 2025-11-25 against the gateway", run, out, 33);
  }
}
