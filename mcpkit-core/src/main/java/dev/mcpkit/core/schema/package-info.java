/**
 * The MCP specification's wire types as Java records (requests, results, notifications, content, capabilities),
 * mirroring the schema of the revisions mcpkit speaks; Jackson reads and writes them.
 */
package dev.mcpkit.core.schema;
