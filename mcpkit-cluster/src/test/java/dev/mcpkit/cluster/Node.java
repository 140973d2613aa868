package dev.mcpkit.cluster;

import dev.mcpkit.server.Caller;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.HttpOptions;
import dev.mcpkit.server.http.McpHttpServer;
import dev.mcpkit.server.http.RequestGuard;
import dev.mcpkit.server.testing.HttpTestClient;
import dev.mcpkit.server.testing.TestTools;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One instance of a test cluster: a {@link RedisCluster} connection, an {@link McpServer} with the cluster applied,
 * and its {@link McpHttpServer} on an ephemeral 127.0.0.1 port, with a raw HTTP client aimed at this instance only.
 */
final class Node implements AutoCloseable {

  static final String WATCHED = "test://watched";

  /** Names the caller after the X-Test-User header (anonymous without it). */
  static final RequestGuard BY_HEADER = request -> {
    String user = request.getHeaders().get("X-Test-User");
    return RequestGuard.Decision.allow(user == null ? null : new Caller(user, "app", Set.of(), Map.of()));
  };

  final RedisCluster cluster;
  final McpServer server;
  final McpHttpServer http;
  final HttpTestClient client;

  private Node(RedisCluster cluster, McpServer server, McpHttpServer http) {
    this.cluster = cluster;
    this.server = server;
    this.http = http;
    this.client = new HttpTestClient(http);
  }

  /** Starts an instance named {@code id} on the Redis at {@code redis}, with changes to the HTTP options. */
  static Node start(URI redis, String id, UnaryOperator<HttpOptions.Builder> options) {
    RedisCluster cluster = RedisCluster.builder(redis).instanceId(id).timeout(Duration.ofMillis(500))
        .leaseTtl(Duration.ofSeconds(10)).connect(); // long: a loaded machine must not make a live instance look dead
    try {
      AtomicReference<McpServer> self = new AtomicReference<>();
      McpServer server = cluster.attach(cluster.applyTo(TestTools.server().tool(TestTools.greet())
          .tool(addTool(self))
          .resource(ServerResource.builder(WATCHED, "w").mimeType("text/plain").text("v1").build())).build());
      self.set(server);
      HttpOptions o = options.apply(cluster.applyTo(HttpOptions.builder().heartbeat(Duration.ofSeconds(1)))).build();
      McpHttpServer http = McpHttpServer.builder(server).port(0).guard(BY_HEADER).options(o)
          .readiness(cluster.readiness()).build().start();
      return new Node(cluster, server, http);
    } catch (Exception e) {
      cluster.close();
      throw new IllegalStateException("the test instance did not start", e);
    }
  }

  static Node start(URI redis, String id) {
    return start(redis, id, o -> o);
  }

  /** {@code add-tool}: adds a tool to its own server, so the tool list changes (as an admin call would). */
  private static ServerTool addTool(AtomicReference<McpServer> self) {
    AtomicInteger n = new AtomicInteger();
    return ServerTool.builder("add-tool").description("Adds a tool").handler(call -> {
      String name = "added-" + n.incrementAndGet();
      self.get().addTool(ServerTool.builder(name).handler(c -> ToolResults.text("x")).build());
      return ToolResults.text(name);
    }).build();
  }

  @Override
  public void close() {
    client.close();
    http.close();
    cluster.close();
  }
}
