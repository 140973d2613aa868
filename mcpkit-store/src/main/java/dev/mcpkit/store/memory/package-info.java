/**
 * The in-memory store (the default; state is lost on restart).
 */
package dev.mcpkit.store.memory;
