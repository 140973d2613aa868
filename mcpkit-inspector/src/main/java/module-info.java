/**
 * Looking at MCP servers: a server's whole surface as a snapshot and the diff of two snapshots, collections of calls
 * with assertions run headless, and the web inspector. Packages named {@code internal} are not exported.
 */
module dev.mcpkit.inspector {
  requires transitive dev.mcpkit.core;
  requires transitive dev.mcpkit.client;
  requires dev.mcpkit.guard;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.client;

  exports dev.mcpkit.inspector.web;

  // Exports are added with the packages' first classes: dev.mcpkit.inspector (snapshots, diff, collections) and
  // dev.mcpkit.inspector.web (the web inspector's entry point).
}
