/**
 * Serving MCP over HTTP on Jetty: Streamable HTTP for the 2026-07-28 (stateless) and 2025 (session) eras on one
 * endpoint, the legacy HTTP+SSE endpoints of 2024-11-05, and the admission rules in front of them (Origin and Host
 * checks, media types, body and stream limits per client, request guards such as the OAuth resource-server guard).
 * Start with {@link dev.mcpkit.server.http.McpHttpServer} and {@link dev.mcpkit.server.http.HttpOptions}.
 */
package dev.mcpkit.server.http;
