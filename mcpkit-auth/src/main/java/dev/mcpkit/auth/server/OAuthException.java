package dev.mcpkit.auth.server;

/**
 * An OAuth error (RFC 6749 §5.2 and friends) on its way to the wire: a code from the registry, a description
 * written for the client developer, and the HTTP status. Never carries an exception message from below.
 */
final class OAuthException extends RuntimeException {

  private final String error;
  private final int status;

  OAuthException(String error, String description) {
    this(error, description, 400);
  }

  OAuthException(String error, String description, int status) {
    super(description, null, false, false);
    this.error = error;
    this.status = status;
  }

  String error() {
    return error;
  }

  String description() {
    return getMessage();
  }

  int status() {
    return status;
  }

  static OAuthException invalidRequest(String description) {
    return new OAuthException("invalid_request", description);
  }

  static OAuthException invalidClient(String description) {
    return new OAuthException("invalid_client", description, 401);
  }

  static OAuthException invalidGrant(String description) {
    return new OAuthException("invalid_grant", description);
  }
}
