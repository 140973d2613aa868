/**
 * The resource-server role: a guard that admits requests to an MCP server by bearer token (JWT or introspection),
 * checks audience, issuer and scopes, answers with RFC 6750 challenges and serves the protected resource metadata
 * (RFC 9728).
 */
package dev.mcpkit.auth.resource;
