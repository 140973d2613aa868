/**
 * Looking at MCP servers: a server's whole surface as a snapshot and the diff of two snapshots, collections of calls
 * with assertions run headless, and the web inspector. Packages named {@code internal} are not exported.
 */
module dev.mcpkit.inspector {
  requires transitive dev.mcpkit.core;
  requires transitive dev.mcpkit.client;
  requires dev.mcpkit.guard;
  requires transitive dev.mcpkit.auth; // Inspector.Builder takes a PreRegisteredClient
  requires java.xml;
  requires java.net.http;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.client;

  exports dev.mcpkit.inspector;
  exports dev.mcpkit.inspector.web;
}
