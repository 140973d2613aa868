/**
 * An embedded OAuth 2.1 authorization server for MCP: metadata, authorization with consent, token (code, refresh,
 * client credentials, token exchange), registration (dynamic and client ID metadata documents), introspection and
 * revocation, with state in an mcpkit-store Store. Start with {@link dev.mcpkit.auth.server.AuthorizationServer}.
 */
package dev.mcpkit.auth.server;
