package dev.mcpkit.store;

import java.time.Instant;

/**
 * An authorization code, keyed by its hash, with everything the token endpoint must check when it is redeemed.
 *
 * @param codeHash {@link Hashes#sha256(String)} of the code
 * @param clientId the client it was issued to
 * @param redirectUri the exact {@code redirect_uri} of the authorization request
 * @param codeChallenge the S256 PKCE challenge
 * @param resource the resource (RFC 8707) the tokens will be for
 * @param scope the granted scopes, space-separated
 * @param subject the user who approved
 * @param familyId the grant family that the tokens from this code will belong to
 * @param authTime when the user authenticated
 * @param expiresAt when the code stops being redeemable
 */
public record StoredCode(
    String codeHash,
    String clientId,
    String redirectUri,
    String codeChallenge,
    String resource,
    String scope,
    String subject,
    String familyId,
    Instant authTime,
    Instant expiresAt) {}
