/**
 * Sign-in at an upstream identity provider for the embedded authorization server.
 */
package dev.mcpkit.auth.server.federation;
