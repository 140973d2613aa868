/**
 * The MCP gateway: many upstream servers (stdio, Streamable HTTP in either era, legacy HTTP+SSE), reached with
 * mcpkit's {@code McpClient}, served as one {@code McpServer} (Streamable HTTP, both eras, and stdio). Only {@code
 * dev.mcpkit.gateway} is API; {@code dev.mcpkit.gateway.internal} (naming, routing, error mapping) is not exported.
 */
module dev.mcpkit.gateway {
  requires transitive dev.mcpkit.server;
  requires transitive dev.mcpkit.client;
  requires dev.mcpkit.guard; // the guard's interceptor on every upstream connection (GatewayGuard)
  requires org.slf4j;
  requires java.net.http; // reading an upstream's OAuth metadata at load (OAuthCredentials)
  // Only GatewayProtection and the OAuth credential strategies use it: a gateway without them runs without it.
  requires static dev.mcpkit.auth;

  exports dev.mcpkit.gateway;

  // Jackson binds records by reflection.
  opens dev.mcpkit.gateway to tools.jackson.databind;
  opens dev.mcpkit.gateway.internal to tools.jackson.databind;
}
