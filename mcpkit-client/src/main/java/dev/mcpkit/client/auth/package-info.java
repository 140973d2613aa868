/**
 * The hook through which an authorization provider (for example mcpkit-auth's OAuth client) answers a server's
 * 401/403 challenge and supplies tokens.
 */
package dev.mcpkit.client.auth;
