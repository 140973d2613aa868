/**
 * The Redis mechanics behind {@link dev.mcpkit.cluster.RedisCluster}: the change bus, the leased per-client counts,
 * the shared requestState key. Not exported: only the façade is API.
 */
package dev.mcpkit.cluster.internal;
