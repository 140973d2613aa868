package dev.mcpkit.auth.client;

import java.net.URI;
import java.util.List;

/**
 * RFC 9728 protected-resource metadata, as far as the client uses it.
 *
 * @param source where it was fetched from
 * @param resource the resource identifier, verbatim (sent as {@code resource} exactly like this)
 * @param authorizationServers issuer identifiers, in the server's order
 * @param scopesSupported {@code scopes_supported}, or {@code null} when absent
 */
record ProtectedResourceMetadata(URI source, String resource, List<String> authorizationServers,
    List<String> scopesSupported) {}
