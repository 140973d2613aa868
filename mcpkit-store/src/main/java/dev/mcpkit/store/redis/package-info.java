/**
 * The Redis store, for state that survives restarts and is shared by several instances.
 */
package dev.mcpkit.store.redis;
