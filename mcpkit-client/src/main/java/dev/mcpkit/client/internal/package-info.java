/**
 * Not exported: the JSON-RPC session, era negotiation, listings and their bounds, notification routing and server-to-
 * client requests behind {@link dev.mcpkit.client.McpClient}.
 */
package dev.mcpkit.client.internal;
