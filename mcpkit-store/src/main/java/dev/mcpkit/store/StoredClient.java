package dev.mcpkit.store;

import java.time.Instant;

/**
 * A client registered at run time (RFC 7591). The metadata is the JSON document the authorization server
 * accepted; the store does not interpret it.
 *
 * @param clientId the server-generated identifier
 * @param metadataJson the registered client metadata, as JSON
 * @param secretHash the hash of the client secret ({@code sha256:<hex>}), or {@code null} for public clients
 * @param createdAt when it was registered
 */
public record StoredClient(String clientId, String metadataJson, String secretHash, Instant createdAt) {}
