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
import dev.mcpkit.server.testing.Probe;
import dev.mcpkit.server.testing.TestTools;
import dev.mcpkit.store.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.RedisClient;

/**
 * A real {@code redis-server} and several {@link McpHttpServer} instances on 127.0.0.1, each with its own {@link
 * McpServer} (so that a change raised on one instance reaches the others only through Redis) and its own {@link
 * RedisSessions}. A test guard takes the caller from {@code Authorization: Bearer <subject>} (none: anonymous).
 */
final class ClusterFixture implements AutoCloseable {

  static final String WATCHED = "test://watched";
  /** The index of the first, second and third instance started (in {@link #servers}, {@link #clients}, ...). */
  static final int A = 0, B = 1, C = 2;

  final RedisServer redis = RedisServer.throwaway();
  final List<McpHttpServer> servers = new ArrayList<>();
  final List<McpServer> mcps = new ArrayList<>();
  final List<HttpTestClient> clients = new ArrayList<>();
  final List<RedisClient> jedis = new ArrayList<>();
  final List<RedisSessions> sessions = new ArrayList<>();
  final Probe probe = new Probe();

  private final java.util.function.Consumer<HttpOptions.Builder> options;
  private final Duration lease;

  ClusterFixture(String... instanceIds) {
    this(o -> { }, instanceIds);
  }

  /** With {@code options} applied to every instance's options. */
  ClusterFixture(java.util.function.Consumer<HttpOptions.Builder> options, String... instanceIds) {
    // long: a loaded machine must not make a live instance look dead
    this(Duration.ofSeconds(10), options, instanceIds);
  }

  /** With the instances' lease ({@link RedisSessions.Builder#lease}): short for tests of an instance's death. */
  ClusterFixture(Duration lease, java.util.function.Consumer<HttpOptions.Builder> options, String... instanceIds) {
    this.options = options;
    this.lease = lease;
    try {
      for (String id : instanceIds) {
        start(id);
      }
    } catch (Exception e) {
      close();
      throw new IllegalStateException(e);
    }
  }

  private void start(String id) throws Exception {
    AtomicReference<McpServer> self = new AtomicReference<>();
    AtomicInteger grown = new AtomicInteger();
    McpServer mcp = TestTools.server().tool(TestTools.greet()).tool(TestTools.progress())
        .tool(TestTools.blocking("block", probe)).tool(TestTools.progressThenBlock(probe))
        .tool(ServerTool.builder("grow").description("Adds a tool on this instance").handler(c -> {
          self.get().addTool(ServerTool.builder(id + "-" + grown.incrementAndGet()).handler(x -> ToolResults.text("x"))
              .build());
          return ToolResults.text("grown on " + id);
        }).build())
        .tool(ServerTool.builder("touch").description("Updates the watched resource on this instance").handler(c -> {
          self.get().resourceUpdated(WATCHED);
          return ToolResults.text("touched on " + id);
        }).build())
        .resource(ServerResource.builder(WATCHED, "w").mimeType("text/plain").text("v1").build())
        .build();
    self.set(mcp);
    RedisClient j = RedisClient.builder().hostAndPort("127.0.0.1", redis.port()).build();
    jedis.add(j);
    RedisSessions sessions = RedisSessions.builder(j, id).prefix("test").block(Duration.ofMillis(500)).lease(lease)
        .build();
    this.sessions.add(sessions);
    HttpOptions.Builder o = HttpOptions.builder().heartbeat(Duration.ofMinutes(10)).sessionCluster(sessions);
    options.accept(o);
    McpHttpServer server = McpHttpServer.builder(mcp).port(0).guard(new BearerNames()).options(o.build()).build().start();
    mcps.add(mcp);
    servers.add(server);
    clients.add(new HttpTestClient(server));
  }

  HttpTestClient client(int i) {
    return clients.get(i);
  }

  @Override
  public void close() {
    probe.release.countDown();
    clients.forEach(HttpTestClient::close);
    for (McpHttpServer s : servers) {
      try {
        s.close();
      } catch (Exception e) {
        // closing the rest anyway
      }
    }
    jedis.forEach(RedisClient::close);
    redis.close();
  }

  /** {@code Authorization: Bearer <subject>} names the caller; no header is anonymous. Tests only. */
  static final class BearerNames implements RequestGuard {
    @Override
    public Decision authenticate(org.eclipse.jetty.server.Request request) {
      String h = request.getHeaders().get("Authorization");
      if (h == null) {
        return Decision.allow(null);
      }
      return Decision.allow(new Caller(h.substring("Bearer ".length()), "test-client", Set.of(), Map.of()));
    }
  }
}
