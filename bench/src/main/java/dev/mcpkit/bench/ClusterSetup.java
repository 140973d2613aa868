package dev.mcpkit.bench;

import dev.mcpkit.cluster.RedisCluster;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.McpServerBuilder;
import dev.mcpkit.server.http.HttpOptions;
import dev.mcpkit.server.http.McpHttpServer;
import java.net.URI;

/**
 * Cluster mode for the mcpkit contenders of workload (h), as {@code mcpkit serve|up --store redis://…} sets it up
 * (mcpkit-cli's {@code ClusterMode}): with {@code BENCH_STORE} a {@code redis://} URL, the contender joins the cluster
 * on that Redis as instance {@code BENCH_INSTANCE} (2025 sessions, change fan-out, the requestState key and the
 * per-client limits shared; {@code /readyz} asks Redis). Without it every step leaves what it is given as it is.
 */
final class ClusterSetup {

  private final RedisCluster cluster;

  private ClusterSetup(RedisCluster cluster) {
    this.cluster = cluster;
  }

  /** From {@code BENCH_STORE} and {@code BENCH_INSTANCE}; connects to Redis (and fails) at once. */
  static ClusterSetup fromEnv() {
    String store = System.getenv("BENCH_STORE");
    if (store == null || store.isBlank() || store.equals("memory")) {
      return new ClusterSetup(null);
    }
    RedisCluster.Builder b = RedisCluster.builder(URI.create(store));
    String instance = System.getenv("BENCH_INSTANCE");
    if (instance != null) {
      b.instanceId(instance);
    }
    return new ClusterSetup(b.connect());
  }

  /** The contender's server, with the cluster's settings and its changes carried across instances. */
  McpServer server(java.util.function.Supplier<McpServerBuilder> builder) {
    return cluster == null ? builder.get().build() : cluster.attach(cluster.applyTo(builder.get()).build());
  }

  /** {@code options} with the shared sessions and per-client limits. */
  HttpOptions options(HttpOptions options) {
    return cluster == null ? options : cluster.applyTo(options.toBuilder()).build();
  }

  /** Redis in the contender's readiness. */
  McpHttpServer.Builder readiness(McpHttpServer.Builder builder) {
    return cluster == null ? builder : builder.readiness(cluster.readiness());
  }
}
