package dev.mcpkit.auth.client;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/** The outcome of a sign-in: which authorization server, for which resource, with what. */
public final class LoginResult {
  private final URI server;
  private final String resource;
  private final String issuer;
  private final String clientId;
  private final String registration;
  private final Set<String> scopes;
  private final Instant expiresAt;
  private final boolean refreshable;

  /** The LoginResult from all its parts (for this package only). */
  LoginResult(URI server, String resource, String issuer, String clientId, String registration, Set<String> scopes,
      Instant expiresAt, boolean refreshable) {
    this.server = server;
    this.resource = resource;
    this.issuer = issuer;
    this.clientId = clientId;
    this.registration = registration;
    this.scopes = scopes;
    this.expiresAt = expiresAt;
    this.refreshable = refreshable;
  }

  /** The MCP server signed in to. */
  public URI server() {
    return server;
  }

  /** The protected resource the tokens are for (RFC 8707 {@code resource}). */
  public String resource() {
    return resource;
  }

  /** The authorization server that issued the tokens. */
  public String issuer() {
    return issuer;
  }

  /** The OAuth client id used. */
  public String clientId() {
    return clientId;
  }

  /**
   * How the client id was obtained: {@code pre-registered}, {@code cimd}, {@code dcr} or {@code client_credentials}.
   */
  public String registration() {
    return registration;
  }

  /** The granted scopes. */
  public Set<String> scopes() {
    return scopes;
  }

  /** When the access token expires, or {@code null} when the server did not say. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** Whether a refresh token was issued. */
  public boolean refreshable() {
    return refreshable;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LoginResult other
        && Objects.equals(server, other.server)
        && Objects.equals(resource, other.resource)
        && Objects.equals(issuer, other.issuer)
        && Objects.equals(clientId, other.clientId)
        && Objects.equals(registration, other.registration)
        && Objects.equals(scopes, other.scopes)
        && Objects.equals(expiresAt, other.expiresAt)
        && refreshable == other.refreshable;
  }

  @Override
  public int hashCode() {
    return Objects.hash(server, resource, issuer, clientId, registration, scopes, expiresAt, refreshable);
  }

  @Override
  public String toString() {
    return "LoginResult[server=" + server
        + ", resource=" + resource
        + ", issuer=" + issuer
        + ", clientId=" + clientId
        + ", registration=" + registration
        + ", scopes=" + scopes
        + ", expiresAt=" + expiresAt
        + ", refreshable=" + refreshable + "]";
  }
}
