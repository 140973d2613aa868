package dev.mcpkit.auth.client;

import dev.mcpkit.core.text.PeerText;
import java.net.URI;

/**
 * Takes the user (or a program acting for one) to the authorization URL. The authorization server
 * then redirects the user agent to {@code redirectUri}, the client's one-shot loopback listener,
 * which completes the sign-in; {@code open} may return before that happens.
 *
 * <p>Implementations: {@link BrowserLauncher} (the system browser, argv only, never a shell),
 * {@link #printUrl(java.io.PrintWriter)} (the user opens it), the headless agent of {@link
 * OAuthClient.Builder#headless()} (follows the server's redirect without a browser, for servers
 * that do not need a person, such as conformance mocks), or a test's lambda driving a real
 * headless Chromium.
 */
@FunctionalInterface
public interface UserAgent {

  /**
   * Sends the user to {@code authorizationUrl}.
   *
   * @param authorizationUrl the authorization request, ready to open
   * @param redirectUri where the authorization server will send the user back (the loopback listener)
   * @throws Exception when the user agent cannot be started; the sign-in fails with it
   */
  void open(URI authorizationUrl, URI redirectUri) throws Exception;

  /** Prints the URL for the user to open (no browser is started). */
  static UserAgent printUrl(java.io.PrintWriter out) {
    return (url, redirect) -> {
      out.println("Open this URL in a browser to sign in:");
      // ASCII form (non-ASCII percent-encoded), then the one sanitizer: the URL comes from the server's metadata.
      out.println("  " + PeerText.line(url.toASCIIString(), 8000));
      out.println("(waiting for the sign-in to complete at " + PeerText.line(redirect.toASCIIString(), 500) + ")");
      out.flush();
    };
  }
}
