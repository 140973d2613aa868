package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.testing.Repo;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * External clients run whole sessions through HAProxy (round robin, no stickiness) in front of two
 * {@code mcpkit conformance-server --store redis://...} instances in cluster mode ({@link ClusterTopology}): the
 * TypeScript SDK v2 client (the copy the Inspector 2.12.0 bundles) in a 2025-11-25 session and in a 2026-07-28
 * stateless run, and the official Java SDK 2.1.0 client in a 2025-11-25 session. Each initializes, lists the tools,
 * calls several (one reporting progress, one failing with a tool error), receives a notification that belongs to no
 * request (2025: {@code notifications/tools/list_changed} raised by a call, delivered on the session's GET stream),
 * and closes. Every answer is checked, and HAProxy's log (the {@code Mcpkit-Instance} response header of each request
 * the client tagged with {@code X-Peer-Run}) shows that the session's requests were served by both instances.
 */
class ClusterPeersIT {

  static final String SIMPLE_TEXT = "This is a simple text response for testing.";
  static final String PROGRESS_TEXT = "Tool with progress executed successfully";

  static ClusterTopology cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = ClusterTopology.start(2, true, Map.of(), "conformance-server", "--store", ClusterTopology.REDIS);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Runs cluster-client.mjs and returns its steps by name; fails on a non-zero exit. */
  static Map<String, JsonNode> tsClient(String era, String run) throws Exception {
    Path script = Repo.root().resolve("mcpkit-cli/src/test/resources/interop/cluster-client.mjs");
    Path clientPackage = Repo.tool("inspector/node_modules/@modelcontextprotocol/client");
    Path log = Repo.root().resolve("mcpkit-cli/target/interop/cluster-" + run + ".log");
    NodeTool.Run r = NodeTool.run(script, List.of(clientPackage.toString(), era, cluster.url() + "/mcp", run), log,
        Map.of(), 120);
    assertThat(r.exitCode()).as("TS client output:\n" + r.output()).isZero();
    Map<String, JsonNode> steps = new HashMap<>();
    r.output().lines().filter(l -> l.startsWith("{\"step\":")).map(Json::parse)
        .forEach(n -> steps.put(n.path("step").asString(), n));
    List<String> failed = steps.values().stream().filter(n -> !n.path("ok").asBoolean()).map(Json::write).toList();
    assertThat(failed).as("failed steps; output:\n" + r.output()).isEmpty();
    return steps;
  }

  static String firstText(JsonNode callResult) {
    return callResult.path("content").get(0).path("text").asString();
  }

  /** The requests HAProxy logged for {@code run}, once at least {@code atLeast} of them and a DELETE if expected. */
  static List<ClusterTopology.Request> logged(String run, int atLeast, boolean delete) {
    Awaitility.await("HAProxy's log of " + run).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          List<ClusterTopology.Request> r = cluster.requests(run);
          return r.size() >= atLeast && (!delete || r.stream().anyMatch(q -> q.method().equals("DELETE")));
        });
    return cluster.requests(run);
  }

  /**
   * Checks a 2025 session as HAProxy saw it: one initialize without a session id, every other request with the
   * session's id, every answer 2xx, a GET stream, and the requests spread over both instances.
   */
  static void assertSessionSpread(List<ClusterTopology.Request> requests, String session) {
    String all = requests.toString();
    assertThat(requests.stream().filter(r -> r.session().isEmpty()).count()).as("initialize: " + all).isEqualTo(1);
    assertThat(requests.stream().map(ClusterTopology.Request::session).filter(s -> !s.isEmpty())
        .collect(Collectors.toSet())).as(all).containsExactly(session);
    assertThat(requests).as(all).allMatch(r -> r.status() >= 200 && r.status() < 300);
    assertThat(requests).as(all).anyMatch(r -> r.method().equals("GET"));
    Set<String> instances = requests.stream().map(ClusterTopology.Request::instance).collect(Collectors.toSet());
    assertThat(instances).as("instances that served the session: " + all).containsExactlyInAnyOrder("mcpkit1",
        "mcpkit2");
  }

  @Test
  void typescriptClientSession2025() throws Exception {
    Map<String, JsonNode> s = tsClient("legacy", "ts-2025");
    JsonNode connect = s.get("connect").path("result");
    assertThat(connect.path("version").asString()).isEqualTo(ProtocolVersion.V2025_11_25.id());
    assertThat(connect.path("server").path("name").asString()).isEqualTo("mcpkit-everything");
    String session = connect.path("session").asString("");
    assertThat(session).isNotBlank();
    assertCalls(s);
    JsonNode get = s.get("getStream").path("result");
    assertThat(get.path("onGetStream").asBoolean()).as("list_changed on the GET stream: " + get).isTrue();
    assertThat(get.path("handled").asInt()).as("list_changed handled by the client").isPositive();
    // the client's own record of the answers: both instances, the GET stream open with 200
    JsonNode http = s.get("http").path("result");
    List<String> seen = new ArrayList<>();
    http.forEach(x -> seen.add(x.path("method").asString() + " " + x.path("status").asInt() + " "
        + x.path("instance").asString("")));
    assertThat(seen).as("the client's HTTP exchanges").anyMatch(x -> x.startsWith("GET 200 mcpkit"))
        .anyMatch(x -> x.endsWith("mcpkit1")).anyMatch(x -> x.endsWith("mcpkit2"))
        .anyMatch(x -> x.startsWith("DELETE 200"));
    assertSessionSpread(logged("ts-2025", http.size(), true), session);
  }

  @Test
  void typescriptClientStateless2026() throws Exception {
    Map<String, JsonNode> s = tsClient(ProtocolVersion.V2026_07_28.id(), "ts-2026");
    JsonNode connect = s.get("connect").path("result");
    assertThat(connect.path("version").asString()).isEqualTo(ProtocolVersion.V2026_07_28.id());
    assertThat(connect.path("era").asString()).isEqualTo("modern");
    assertThat(connect.path("session").isNull()).as("no session in 2026: " + connect).isTrue();
    assertCalls(s);
    int exchanges = s.get("http").path("result").size();
    List<ClusterTopology.Request> requests = logged("ts-2026", exchanges, false);
    assertThat(requests).as(requests.toString()).allMatch(r -> r.session().isEmpty() && r.status() == 200)
        .allMatch(r -> r.method().equals("POST"));
    assertThat(requests.stream().map(ClusterTopology.Request::instance).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("mcpkit1", "mcpkit2");
  }

  /** The tool list, four plain calls, the call with progress and the tool error, as the TS client printed them. */
  static void assertCalls(Map<String, JsonNode> s) {
    List<String> names = new ArrayList<>();
    s.get("list").path("result").forEach(n -> names.add(n.asString()));
    assertThat(names).contains("test_simple_text", "test_tool_with_progress", "test_error_handling",
        "test_trigger_tool_change");
    for (int i = 0; i < 4; i++) {
      assertThat(firstText(s.get("simple" + i).path("result"))).isEqualTo(SIMPLE_TEXT);
    }
    JsonNode progress = s.get("progress").path("result");
    assertThat(firstText(progress.path("result"))).isEqualTo(PROGRESS_TEXT);
    List<Double> steps = new ArrayList<>();
    progress.path("progress").forEach(n -> steps.add(n.asDouble()));
    assertThat(steps).as("progress notifications received").containsExactly(0.0, 50.0, 100.0);
    JsonNode error = s.get("error").path("result");
    assertThat(error.path("isError").asBoolean()).isTrue();
    assertThat(firstText(error)).contains("intentionally returns an error");
  }

  @Test
  void javaSdkClientSession2025() {
    String run = "java-sdk";
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    AtomicInteger toolListChanges = new AtomicInteger();
    var transport = HttpClientStreamableHttpTransport.builder(cluster.url()).endpoint("/mcp")
        .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("X-Peer-Run", run)).build();
    try (var client = io.modelcontextprotocol.client.McpClient.sync(transport)
        .clientInfo(new McpSchema.Implementation("java-sdk-cluster-client", "1.0.0"))
        .requestTimeout(Duration.ofSeconds(30)).progressConsumer(progress::add)
        .toolsChangeConsumer(tools -> toolListChanges.incrementAndGet()).build()) {
      assertThat(client.initialize().protocolVersion()).isEqualTo(ProtocolVersion.V2025_11_25.id());
      List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      assertThat(names).contains("test_simple_text", "test_tool_with_progress", "test_trigger_tool_change");
      for (int i = 0; i < 4; i++) {
        McpSchema.CallToolResult r = client.callTool(McpSchema.CallToolRequest.builder().name("test_simple_text")
            .arguments(Map.of()).build());
        assertThat(((McpSchema.TextContent) r.content().getFirst()).text()).isEqualTo(SIMPLE_TEXT);
      }
      McpSchema.CallToolResult withProgress = client.callTool(McpSchema.CallToolRequest.builder()
          .name("test_tool_with_progress").arguments(Map.of()).progressToken("java-p1").build());
      assertThat(((McpSchema.TextContent) withProgress.content().getFirst()).text()).isEqualTo(PROGRESS_TEXT);
      Awaitility.await("three progress notifications").atMost(Duration.ofSeconds(10)).until(() -> progress.size() >= 3);
      assertThat(progress).allMatch(p -> "java-p1".equals(p.progressToken()));
      // in any order: the sync client hands each notification to its consumer on a pool thread of its own (seen:
      // 0, 100, 50), while the TS client, which keeps the wire's order, gets 0, 50, 100
      assertThat(progress.stream().map(McpSchema.ProgressNotification::progress).toList())
          .containsExactlyInAnyOrder(0.0, 50.0, 100.0);
      McpSchema.CallToolResult error = client.callTool(McpSchema.CallToolRequest.builder()
          .name("test_error_handling").arguments(Map.of()).build());
      assertThat(error.isError()).isTrue();
      // a notification that belongs to no request: on the GET stream, the client then lists the tools again
      client.callTool(McpSchema.CallToolRequest.builder().name("test_trigger_tool_change").arguments(Map.of())
          .build());
      Awaitility.await("tools/list_changed handled").atMost(Duration.ofSeconds(15))
          .until(() -> toolListChanges.get() > 0);
      assertThat(client.closeGracefully()).isTrue();
    }
    List<ClusterTopology.Request> requests = logged(run, 10, true);
    String session = requests.stream().map(ClusterTopology.Request::session).filter(x -> !x.isEmpty()).findFirst()
        .orElseThrow();
    assertSessionSpread(requests, session);
  }
}
