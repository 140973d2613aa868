/**
 * Serving MCP over stdio: newline-delimited JSON-RPC on standard input and output, both eras in one process.
 */
package dev.mcpkit.server.stdio;
