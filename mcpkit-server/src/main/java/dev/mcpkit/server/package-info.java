/**
 * Building an MCP server: {@link dev.mcpkit.server.McpServer} and the features it serves (tools, resources, resource
 * templates, prompts, completions), the handlers that implement them and what a handler sees of its request and
 * caller. Transports are in {@code server.http} and {@code server.stdio}.
 */
package dev.mcpkit.server;
