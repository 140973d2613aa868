/**
 * The interceptor SPI: a policy (the guard in {@code mcpkit-guard}) that sees what a server shows the client and
 * every call, and may hide, refuse or rewrite. The client knows only this interface.
 */
package dev.mcpkit.client.intercept;
