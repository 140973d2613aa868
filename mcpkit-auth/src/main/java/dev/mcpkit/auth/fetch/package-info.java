/**
 * The SSRF-safe outbound HTTP used by every role for URLs an untrusted party chose (client metadata documents,
 * discovery, JWKS): address policy checked on the resolved addresses, connections pinned to them, sizes and times
 * bounded, failures remembered.
 */
package dev.mcpkit.auth.fetch;
