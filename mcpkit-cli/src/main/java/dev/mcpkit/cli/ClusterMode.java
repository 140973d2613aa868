package dev.mcpkit.cli;

import dev.mcpkit.cluster.RedisCluster;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.McpServerBuilder;
import dev.mcpkit.server.http.HttpOptions;
import dev.mcpkit.server.http.McpHttpServer;
import java.net.URI;

/**
 * Cluster mode for the commands that serve HTTP with {@code --store redis://…} ({@code up}, {@code serve},
 * {@code conformance-server}, {@code gateway}): mcpkit-cluster's {@link RedisCluster} on the same Redis, so that instances behind one
 * balancer share 2025 sessions, change notifications, the {@code requestState} key and the per-client limits. With
 * the memory store it is {@link #NONE}, which changes nothing. The order matters: {@link #server} while the
 * {@code McpServer} is built, {@link #attach} once it is, {@link #http} on its HTTP server.
 */
final class ClusterMode implements AutoCloseable {

  /** No cluster: every step leaves what it is given as it is. */
  static final ClusterMode NONE = new ClusterMode(null);

  private final RedisCluster cluster;

  private ClusterMode(RedisCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * Joins the cluster on the Redis that {@code store} names, as instance {@code instance}, or {@link #NONE} for the
   * memory store.
   *
   * @throws IllegalStateException when Redis does not answer (the message names it, never its password)
   */
  static ClusterMode open(String store, String instance) {
    if (!DeploymentOptions.shared(store)) {
      return NONE;
    }
    RedisCluster.Builder b = RedisCluster.builder(URI.create(store));
    if (instance != null) {
      b.instanceId(instance);
    }
    return new ClusterMode(b.connect());
  }

  /** The cluster's settings of the server being built (the shared {@code requestState} key). */
  McpServerBuilder server(McpServerBuilder builder) {
    return cluster == null ? builder : cluster.applyTo(builder);
  }

  /** The instance's id in the cluster, or {@code null} without one. */
  String instance() {
    return cluster == null ? null : cluster.instanceId();
  }

  /** The built server, its changes carried to and from the other instances. */
  McpServer attach(McpServer server) {
    return cluster == null ? server : cluster.attach(server);
  }

  /** {@code options} with the shared 2025 sessions and per-client limits. */
  HttpOptions options(HttpOptions options) {
    return cluster == null ? options : cluster.applyTo(options.toBuilder()).build();
  }

  /** Redis in the readiness of {@code builder} ({@code /readyz}: not ready while Redis does not answer). */
  McpHttpServer.Builder readiness(McpHttpServer.Builder builder) {
    return cluster == null ? builder : builder.readiness(cluster.readiness());
  }

  /**
   * {@code own}, plus Redis when in a cluster: for a command whose own health handler answers {@code /readyz} before
   * the server's ({@code gateway}).
   */
  java.util.List<dev.mcpkit.server.http.ReadinessCheck> checks(dev.mcpkit.server.http.ReadinessCheck own) {
    return cluster == null ? java.util.List.of(own) : java.util.List.of(own, cluster.readiness());
  }

  @Override
  public void close() {
    if (cluster != null) {
      cluster.close();
    }
  }
}
