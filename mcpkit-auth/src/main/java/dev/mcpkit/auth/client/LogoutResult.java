package dev.mcpkit.auth.client;

import java.net.URI;

/**
 * The outcome of {@link OAuthClient#logout(URI)}.
 *
 * @param forgotten whether tokens for the server were stored (and are now deleted)
 * @param revoked whether the authorization server confirmed the revocation (RFC 7009); false when it offers no revocation endpoint
 * @param issuer the authorization server the tokens came from, or {@code null}
 * @param note a sentence for the user about the revocation, or {@code null}
 */
public record LogoutResult(URI server, boolean forgotten, boolean revoked, String issuer, String note) {}
