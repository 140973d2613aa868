/**
 * Framing for the stdio transport: newline-delimited messages read with a bound on line length.
 */
package dev.mcpkit.core.stdio;
