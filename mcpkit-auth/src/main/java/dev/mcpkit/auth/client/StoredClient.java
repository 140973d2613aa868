package dev.mcpkit.auth.client;

/**
 * A client identity at one authorization server (keyed by its issuer in the {@link CredentialStore}):
 * never used with another one.
 *
 * @param clientId the client id
 * @param clientSecret the secret, or {@code null} for a public client
 * @param authMethod {@code none}, {@code client_secret_basic}, {@code client_secret_post}, or {@code null} to choose from the server's metadata
 * @param registration how it was obtained: {@code pre-registered}, {@code cimd} or {@code dcr}
 * @param tokenEndpoint the issuer's token endpoint (for refreshing without discovery)
 * @param revocationEndpoint the issuer's revocation endpoint, or {@code null}
 */
public record StoredClient(String clientId, String clientSecret, String authMethod, String registration,
    String tokenEndpoint, String revocationEndpoint) {

  @Override
  public String toString() {
    return "StoredClient[" + clientId + ", " + registration + (clientSecret == null ? "" : ", secret=***") + "]";
  }
}
