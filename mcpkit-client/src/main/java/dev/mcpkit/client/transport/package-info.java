/**
 * Client transports: stdio (a spawned server with an environment allow-list), Streamable HTTP and legacy HTTP+SSE,
 * with every blocking read bounded by a deadline.
 */
package dev.mcpkit.client.transport;
