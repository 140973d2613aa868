/**
 * Not exported: request dispatch, feature handlers, 2025 sessions' subscriptions, multi round-trip state and input
 * brokering, shared by the transports of this module.
 */
package dev.mcpkit.server.internal;
