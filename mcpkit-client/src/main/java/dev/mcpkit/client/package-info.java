/**
 * Talking to MCP servers: {@link dev.mcpkit.client.McpClient}, built by {@link dev.mcpkit.client.McpClientBuilder},
 * negotiates the era (2026-07-28 stateless or a 2025 session) and offers the protocol's operations; the exceptions
 * say what failed (transport, protocol, server error, timeout, authorization), with peer text escaped.
 */
package dev.mcpkit.client;
