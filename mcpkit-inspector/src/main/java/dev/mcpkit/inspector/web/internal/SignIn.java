package dev.mcpkit.inspector.web.internal;

import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.client.PreRegisteredClient;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * How the inspector signs in for its connection, as {@code mcpkit login}'s options say it ({@code --client-id} with its
 * secret and issuer, {@code --scope}, {@code --client-metadata-url}, {@code --login-timeout}): applied to every OAuth
 * client of the connection (the one that uses and refreshes stored tokens, and the one that signs in from the page).
 *
 * @param client a client registered beforehand, or {@code null} (then a Client ID Metadata Document, or DCR)
 * @param scopes scopes to ask for in addition to those the server asks for
 * @param clientMetadataUrl this client's metadata document URL, or {@code null}
 * @param loginTimeout how long the person has to sign in in the browser
 */
public record SignIn(PreRegisteredClient client, Set<String> scopes, URI clientMetadataUrl, Duration loginTimeout) {

  /** No pre-registered client, no extra scopes, a 5 minute sign-in. */
  public static final SignIn DEFAULTS = new SignIn(null, Set.of(), null, Duration.ofMinutes(5));

  /** @throws IllegalArgumentException for a login timeout that is not positive or a metadata URL that is not https */
  public SignIn {
    scopes = Set.copyOf(scopes);
    OAuthClient.builder().clientMetadataUrl(clientMetadataUrl); // its checks, before anything starts
    if (loginTimeout == null || loginTimeout.isNegative() || loginTimeout.isZero()) {
      throw new IllegalArgumentException("the login timeout must be longer than 0");
    }
  }

  /**
   * These settings on an OAuth client builder; a client id typed in the page ({@code pageClientId}, when not blank)
   * replaces the configured one for that sign-in.
   */
  OAuthClient.Builder apply(OAuthClient.Builder b, String pageClientId) {
    b.scopes(scopes).loginTimeout(loginTimeout);
    if (pageClientId != null && !pageClientId.isBlank()) {
      b.preRegistered(new PreRegisteredClient(pageClientId.trim(), null, null));
    } else if (client != null) {
      b.preRegistered(client);
    }
    if (clientMetadataUrl != null) {
      b.clientMetadataUrl(clientMetadataUrl);
    }
    return b;
  }
}
