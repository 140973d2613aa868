package dev.mcpkit.store;

import java.time.Instant;

/**
 * A remembered consent: the user approved these scopes for this client and resource.
 *
 * @param subject the user
 * @param clientId the client
 * @param resource the resource the consent covers
 * @param scope the approved scopes, space-separated
 * @param clientFingerprint a digest of the client's redirect URIs and keys at approval time; a client whose
 *     metadata changed asks again
 * @param grantedAt when the user approved
 * @param expiresAt when the consent lapses
 */
public record StoredConsent(
    String subject,
    String clientId,
    String resource,
    String scope,
    String clientFingerprint,
    Instant grantedAt,
    Instant expiresAt) {}
