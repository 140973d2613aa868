/**
 * The three wire eras of MCP and everything that differs between them. Server, client and transports ask the
 * {@link dev.mcpkit.core.era.Era} of a request or session instead of comparing protocol versions or testing for a
 * session; the rules, including the exact-revision ones inside an era, live here and nowhere else.
 */
package dev.mcpkit.core.era;
