/**
 * Server targets from host configuration files (VS Code, Claude Desktop, Claude Code, Cursor): parsing with strict
 * JSON, {@code ${env:…}}/{@code ${input:…}} substitution with secrets remembered for redaction.
 */
package dev.mcpkit.client.config;
