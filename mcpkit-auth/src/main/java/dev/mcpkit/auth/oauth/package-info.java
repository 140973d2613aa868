/**
 * What the roles share of the OAuth wire: the well-known metadata URLs (RFC 8414, OpenID discovery, RFC 9728) and the
 * reading of a scope value (RFC 6749 section 3.3), and the documents as wire records that one role writes and another
 * reads: RFC 8414 authorization server metadata, RFC 9728 protected-resource metadata, the RFC 6749 token response (with
 * RFC 8693's issued token type), RFC 7591 client metadata and client information, and the RFC 6749 error members.
 */
package dev.mcpkit.auth.oauth;
