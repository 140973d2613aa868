package dev.mcpkit.auth.client;

import java.util.Objects;
/**
 * A client identity at one authorization server (keyed by its issuer in the {@link CredentialStore}):
 * never used with another one.
 */
public final class StoredClient {
  private final String clientId;
  private final String clientSecret;
  private final String authMethod;
  private final String registration;
  private final String tokenEndpoint;
  private final String revocationEndpoint;

  @Override
  public String toString() {
    return "StoredClient[" + clientId + ", " + registration + (clientSecret == null ? "" : ", secret=***") + "]";
  }

  /** The StoredClient from all its parts (for this package only). */
  StoredClient(String clientId, String clientSecret, String authMethod, String registration, String tokenEndpoint,
      String revocationEndpoint) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.authMethod = authMethod;
    this.registration = registration;
    this.tokenEndpoint = tokenEndpoint;
    this.revocationEndpoint = revocationEndpoint;
  }

  /** The client id. */
  public String clientId() {
    return clientId;
  }

  /** The secret, or {@code null} for a public client. */
  public String clientSecret() {
    return clientSecret;
  }

  /**
   * {@code none}, {@code client_secret_basic}, {@code client_secret_post}, or {@code null} to choose from the
   * server's metadata.
   */
  public String authMethod() {
    return authMethod;
  }

  /** How it was obtained: {@code pre-registered}, {@code cimd} or {@code dcr}. */
  public String registration() {
    return registration;
  }

  /** The issuer's token endpoint (for refreshing without discovery). */
  public String tokenEndpoint() {
    return tokenEndpoint;
  }

  /** The issuer's revocation endpoint, or {@code null}. */
  public String revocationEndpoint() {
    return revocationEndpoint;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredClient other
        && Objects.equals(clientId, other.clientId)
        && Objects.equals(clientSecret, other.clientSecret)
        && Objects.equals(authMethod, other.authMethod)
        && Objects.equals(registration, other.registration)
        && Objects.equals(tokenEndpoint, other.tokenEndpoint)
        && Objects.equals(revocationEndpoint, other.revocationEndpoint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clientId, clientSecret, authMethod, registration, tokenEndpoint, revocationEndpoint);
  }
}
