package dev.mcpkit.auth.client;

import dev.mcpkit.client.McpAuthorizationException;
import java.util.List;

/**
 * The OAuth client refused to go on, or the authorization server refused it. The message says what
 * was refused and why, in words a user can act on; it never contains a token, a code, a secret or
 * a PKCE verifier. It is an {@link McpAuthorizationException}, so an {@code McpClient} request that
 * needed the authorization fails with it, and {@code mcpkit} exits with code 3.
 */
public class OAuthException extends McpAuthorizationException {

  /** What went wrong, for programs; the message is for people. */
  public enum Reason {
    /** No protected-resource metadata and no usable fallback. */
    DISCOVERY_FAILED,
    /** The protected-resource metadata names another resource than the server (RFC 9728 §3.3). */
    RESOURCE_MISMATCH,
    /** Authorization-server metadata whose {@code issuer} differs from the one it was fetched for. */
    ISSUER_MISMATCH,
    /** The authorization server does not support PKCE with S256. */
    PKCE_UNSUPPORTED,
    /** A URL from metadata that the client will not use (scheme, host, or address policy). */
    UNSAFE_URL,
    /** No way to obtain a client id at this authorization server, or it refused the registration. */
    REGISTRATION_FAILED,
    /** Pre-registered credentials belong to another authorization server. */
    WRONG_AUTHORIZATION_SERVER,
    /** The authorization response failed the RFC 9207 {@code iss} check or the {@code state} check. */
    INVALID_RESPONSE,
    /** The authorization server answered the authorization request with an error (e.g. access_denied). */
    AUTHORIZATION_DENIED,
    /** The token endpoint refused the request. */
    TOKEN_REQUEST_FAILED,
    /** Nobody completed the sign-in in time. */
    TIMED_OUT,
    /** The server wants more authorization, and another attempt would not help (retry limit, client credentials). */
    GAVE_UP,
    /** A person has to sign in, and this client may not start that by itself. */
    LOGIN_REQUIRED
  }

  /** What went wrong (see {@link #reason()}). */
  private final Reason reason;

  /**
   * A refusal with HTTP status 401 and no challenge.
   *
   * @param reason what went wrong
   * @param message what was refused and why, for the user (never a token or secret)
   */
  public OAuthException(Reason reason, String message) {
    this(reason, message, 401, List.of());
  }

  /**
   * A refusal that carries the server's answer.
   *
   * @param reason what went wrong
   * @param message what was refused and why, for the user (never a token or secret)
   * @param status the HTTP status of the MCP server's answer
   * @param challenges its {@code WWW-Authenticate} values
   */
  public OAuthException(Reason reason, String message, int status, List<String> challenges) {
    super(message, status, challenges);
    this.reason = reason;
  }

  /**
   * @return what went wrong, for programs
   */
  public Reason reason() {
    return reason;
  }
}
