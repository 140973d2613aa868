package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.core.testing.Repo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official conformance suite in server mode through HAProxy in front of three {@code mcpkit
 * conformance-server --store redis://...} instances in cluster mode (round robin, no stickiness; {@link
 * ClusterTopology}): 2025 sessions, change fan-out, the requestState key and the per-client stream caps are shared
 * through Redis. What cluster mode does not share is listed check by check in {@link #NEEDS_SHARED_STATE}: a check
 * outside that list that fails or warns fails this test, and so does a run with fewer scenarios.
 */
class ClusterConformanceIT {

  /**
   * Checks that cannot pass because that state stays in each instance, with the reason. Remove an entry when the
   * shared mechanism arrives (the test still passes: it only requires the other checks to be clean).
   */
  static final Map<Predicate<NodeTool.Check>, String> NEEDS_SHARED_STATE = Map.of(
      c -> c.scenario().startsWith("server-tools-list-") && c.id().equals("tools-list-deterministic-order"),
      "the everything server's tool list is per process state: an earlier scenario removed a tool on one instance only");

  static ClusterTopology cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = ClusterTopology.start(3, Map.of(), "conformance-server", "--store", ClusterTopology.REDIS);
    // Warm every instance up first: a few suite checks read a stream for only 500 ms, which a cold JVM on a busy
    // machine can miss (seen once on the first run; never on warm instances).
    for (int i = 0; i < cluster.size(); i++) {
      try (HttpUser u = new HttpUser()) {
        for (int k = 0; k < 20; k++) {
          for (String tool : List.of("test_logging_tool", "test_simple_text")) {
            u.postRaw(cluster.instance(i).endpoint().toString(), "application/json", "{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":{},\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}", Map.of("Accept",
                "application/json, text/event-stream", "MCP-Protocol-Version", "2026-07-28", "Mcp-Method",
                "tools/call", "Mcp-Name", tool));
          }
        }
      }
    }
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A fresh output folder: the checks are read from every scenario folder in it, so an earlier run's must go. */
  static Path out(String name) throws java.io.IOException {
    Path dir = Repo.root().resolve("mcpkit-cli/target/conformance-cluster/" + name);
    if (java.nio.file.Files.exists(dir)) {
      try (var files = java.nio.file.Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          java.nio.file.Files.delete(p);
        }
      }
    }
    return dir;
  }

  @Test
  void alphaStateless2026ThroughTheBalancer() throws Exception {
    Path dir = out("alpha-2026-07-28");
    NodeTool.Run run = NodeTool.run(NodeTool.conformanceAlpha(),
        List.of("server", "--url", cluster.url() + "/mcp", "--spec-version", "2026-07-28", "--suite", "all",
            "-o", dir.toString()),
        dir.resolveSibling("alpha-2026-07-28.log"), Map.of(), 600);
    List<NodeTool.Check> bad = NodeTool.checks(dir).stream()
        .filter(c -> c.status().equals("FAILURE") || c.status().equals("WARNING"))
        .filter(c -> NEEDS_SHARED_STATE.keySet().stream().noneMatch(p -> p.test(c))).toList();
    assertThat(bad).as("failures and warnings beyond those that need shared state; output:\n" + run.output())
        .isEmpty();
    assertThat(NodeTool.scenarioCount(dir)).as("scenarios run").isGreaterThanOrEqualTo(40);
    assertThat(run.output()).contains("server-stateless").contains("caching").contains("http-header-validation");
  }

  @Test
  void stableSuite2025ThroughTheBalancer() throws Exception {
    Path dir = out("stable-0.1.16");
    NodeTool.Run run = NodeTool.run(NodeTool.conformance(),
        List.of("server", "--url", cluster.url() + "/mcp", "-o", dir.toString()),
        dir.resolveSibling("stable-0.1.16.log"), Map.of(), 300);
    assertThat(run.exitCode()).as(run.output()).isZero();
  }
}
