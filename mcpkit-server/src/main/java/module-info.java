/**
 * The MCP server library: features (tools, resources, prompts), the Streamable HTTP and legacy HTTP+SSE transports on
 * Jetty, and stdio. {@code dev.mcpkit.server.internal} (dispatch, sessions of the 2025 era, input brokering) is not
 * exported: other modules use the API packages only.
 */
module dev.mcpkit.server {
  requires transitive dev.mcpkit.core;
  requires transitive org.eclipse.jetty.server;
  requires org.slf4j;

  exports dev.mcpkit.server;
  exports dev.mcpkit.server.cluster;
  exports dev.mcpkit.server.http;
  exports dev.mcpkit.server.stdio;
  exports dev.mcpkit.server.transport;

  // Jackson binds records of every package (some package-private) by reflection.
  opens dev.mcpkit.server to tools.jackson.databind;
  opens dev.mcpkit.server.cluster to tools.jackson.databind;
  opens dev.mcpkit.server.http to tools.jackson.databind;
  opens dev.mcpkit.server.internal to tools.jackson.databind;
  opens dev.mcpkit.server.stdio to tools.jackson.databind;
  opens dev.mcpkit.server.transport to tools.jackson.databind;
}
