package dev.mcpkit.auth.client;

import dev.mcpkit.auth.oauth.Scopes;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * A person has to sign in (or sign in again with more scopes) before the request can go on, and
 * the {@link OAuthClient} was built not to start a browser flow by itself ({@code
 * interactive(false)}). An application catches it, runs {@link OAuthClient#login(URI, Set)} with
 * {@link #scopes()} when it can ask the user, and retries; {@code mcpkit call} does exactly that on a
 * terminal, and otherwise prints the {@code mcpkit login} command to run.
 */
public final class AuthorizationRequiredException extends OAuthException {

  /** The MCP server that needs the sign-in. */
  private final URI server;
  /** The scopes the sign-in should request. */
  private final Set<String> scopes;

  /** Thrown by the client's grant logic only; applications catch it, they do not build it. */
  AuthorizationRequiredException(URI server, Set<String> scopes, String why, int status, List<String> challenges) {
    super(Reason.LOGIN_REQUIRED, "the server at " + server + " " + why, status, challenges);
    this.server = server;
    this.scopes = Scopes.ordered(scopes);
  }

  /** The MCP server that needs the sign-in. */
  public URI server() {
    return server;
  }

  /** The scopes the sign-in should request (what the server asked for, plus what was granted before). */
  public Set<String> scopes() {
    return scopes;
  }
}
