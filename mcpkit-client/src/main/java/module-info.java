/**
 * The MCP client library: {@code McpClient} over stdio, Streamable HTTP (both eras) and legacy HTTP+SSE, config-file
 * targets, and the hooks an authorization provider and an interceptor (the guard) plug
 * into. {@code dev.mcpkit.client.internal} (the JSON-RPC
 * session, listings, notifications) is not exported.
 */
module dev.mcpkit.client {
  requires transitive dev.mcpkit.core;
  requires transitive org.eclipse.jetty.client;
  requires org.slf4j;

  exports dev.mcpkit.client;
  exports dev.mcpkit.client.auth;
  exports dev.mcpkit.client.config;
  exports dev.mcpkit.client.intercept;
  exports dev.mcpkit.client.transport;

  // Jackson binds records of every package (some package-private) by reflection.
  opens dev.mcpkit.client to tools.jackson.databind;
  opens dev.mcpkit.client.auth to tools.jackson.databind;
  opens dev.mcpkit.client.config to tools.jackson.databind;
  opens dev.mcpkit.client.internal to tools.jackson.databind;
  opens dev.mcpkit.client.transport to tools.jackson.databind;
}
