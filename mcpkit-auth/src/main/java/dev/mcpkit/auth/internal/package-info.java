/**
 * What the auth roles share in code but not in API: not exported.
 */
package dev.mcpkit.auth.internal;
