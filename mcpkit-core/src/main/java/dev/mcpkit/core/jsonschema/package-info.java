/**
 * JSON Schema for MCP: validation of tool arguments and of every request's params against the specification's bundled
 * schemas, and generation of schemas from Java records for typed tools.
 */
package dev.mcpkit.core.jsonschema;
