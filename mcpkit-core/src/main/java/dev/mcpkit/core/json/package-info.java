/**
 * JSON reading and writing shared by every module: the strict parser used for everything a peer sends (duplicate
 * keys, nesting depth and number size bounded), field readers that take a value only when it has the JSON type a
 * field needs, and descriptions of malformed documents in protocol terms rather than parser internals.
 */
package dev.mcpkit.core.json;
