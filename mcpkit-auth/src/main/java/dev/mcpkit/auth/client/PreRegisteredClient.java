package dev.mcpkit.auth.client;

/**
 * A client id (and secret) registered with an authorization server beforehand. It is used only with
 * that server: with {@code issuer} set, a server that names another issuer is refused; without it,
 * the credentials are bound to the first authorization server they are used with (and stored under
 * its issuer), never offered to another one.
 *
 * @param clientId the client id
 * @param clientSecret the secret, or {@code null} for a public client
 * @param issuer the issuer these credentials belong to, or {@code null}
 */
public record PreRegisteredClient(String clientId, String clientSecret, String issuer) {

  /**
   * @throws IllegalArgumentException without a client id
   */
  public PreRegisteredClient {
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("a pre-registered client needs a client id");
    }
  }

  @Override
  public String toString() {
    return "PreRegisteredClient[" + clientId + (clientSecret == null ? "" : ", secret=***") + ", issuer=" + issuer + "]";
  }
}
