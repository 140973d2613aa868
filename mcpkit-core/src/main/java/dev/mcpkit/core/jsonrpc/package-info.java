/**
 * JSON-RPC 2.0 as MCP uses it: message records (requests, notifications, results, errors), request ids, the standard
 * and MCP error codes, and the codec that turns wire text into messages and refuses invalid ones with the right code.
 */
package dev.mcpkit.core.jsonrpc;
