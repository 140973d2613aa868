package dev.mcpkit.auth.client;

import java.net.URI;
import java.util.Objects;

/**
 * The outcome of {@link OAuthClient#logout(URI)}.
 */
public final class LogoutResult {
  private final URI server;
  private final boolean forgotten;
  private final boolean revoked;
  private final String issuer;
  private final String note;

  /** The LogoutResult from all its parts (for this package only). */
  LogoutResult(URI server, boolean forgotten, boolean revoked, String issuer, String note) {
    this.server = server;
    this.forgotten = forgotten;
    this.revoked = revoked;
    this.issuer = issuer;
    this.note = note;
  }

  /** The MCP server signed out of. */
  public URI server() {
    return server;
  }

  /** Whether tokens for the server were stored (and are now deleted). */
  public boolean forgotten() {
    return forgotten;
  }

  /**
   * Whether the authorization server confirmed the revocation (RFC 7009); false when it offers no revocation
   * endpoint.
   */
  public boolean revoked() {
    return revoked;
  }

  /** The authorization server the tokens came from, or {@code null}. */
  public String issuer() {
    return issuer;
  }

  /** A sentence for the user about the revocation, or {@code null}. */
  public String note() {
    return note;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogoutResult other
        && Objects.equals(server, other.server)
        && forgotten == other.forgotten
        && revoked == other.revoked
        && Objects.equals(issuer, other.issuer)
        && Objects.equals(note, other.note);
  }

  @Override
  public int hashCode() {
    return Objects.hash(server, forgotten, revoked, issuer, note);
  }

  @Override
  public String toString() {
    return "LogoutResult[server=" + server
        + ", forgotten=" + forgotten
        + ", revoked=" + revoked
        + ", issuer=" + issuer
        + ", note=" + note + "]";
  }
}
