/**
 * The SPI by which several instances of an HTTP server share their 2025-era sessions (a Redis implementation lives in
 * mcpkit-cluster). Without one ({@code HttpOptions.Builder#sessionCluster} unset), sessions live in one process.
 */
package dev.mcpkit.server.cluster;
