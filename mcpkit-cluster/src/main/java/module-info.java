/**
 * Cluster mode: several instances of an mcpkit HTTP server behind one load balancer with no sticky routing, sharing
 * through Redis what a single instance keeps in memory. Packages named {@code internal} are not exported.
 */
module dev.mcpkit.cluster {
  requires transitive dev.mcpkit.server;
  requires dev.mcpkit.store;
  requires redis.clients.jedis;
  requires org.slf4j;

  exports dev.mcpkit.cluster;

  // Jackson binds the stored session record (a package-private record) by reflection.
  opens dev.mcpkit.cluster to tools.jackson.databind;
}
