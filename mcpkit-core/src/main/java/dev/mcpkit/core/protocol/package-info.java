/**
 * Protocol constants: the MCP revisions mcpkit speaks, method names, header names and {@code _meta} keys.
 */
package dev.mcpkit.core.protocol;
