package dev.mcpkit.auth.client;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

/**
 * The outcome of a sign-in: which authorization server, for which resource, with what.
 *
 * @param expiresAt when the access token expires, or {@code null} when the server did not say
 * @param registration how the client id was obtained: {@code pre-registered}, {@code cimd}, {@code dcr} or {@code client_credentials}
 */
public record LoginResult(URI server, String resource, String issuer, String clientId, String registration,
    Set<String> scopes, Instant expiresAt, boolean refreshable) {}
