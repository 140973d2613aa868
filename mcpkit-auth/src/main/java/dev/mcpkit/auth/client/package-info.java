/**
 * The OAuth client of the MCP authorization spec: discovery (RFC 9728, RFC 8414), registration (pre-registered,
 * client ID metadata documents, dynamic registration), the authorization code flow with PKCE and a loopback redirect,
 * token requests, refresh and revocation, and a credential store; plugs into mcpkit-client as its authorization
 * provider. Start with {@link dev.mcpkit.auth.client.OAuthClient}.
 */
package dev.mcpkit.auth.client;
