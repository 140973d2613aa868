/**
 * Cluster mode on Redis: the shared state and message routing that let any instance serve any request.
 */
package dev.mcpkit.cluster;
