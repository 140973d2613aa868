/**
 * What the roles share of the OAuth wire: the well-known metadata URLs (RFC 8414, OpenID discovery, RFC 9728) and the
 * reading of a scope value (RFC 6749 section 3.3), and the two metadata documents as wire records: RFC 8414
 * authorization server metadata and RFC 9728 protected-resource metadata.
 */
package dev.mcpkit.auth.oauth;
