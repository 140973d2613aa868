package dev.mcpkit.auth.fetch;

/** A fetch that was refused or failed. The message is safe to show: it never contains fetched content. */
public final class FetchException extends Exception {

  /** Whether policy refused the fetch before any connection (see {@link #blocked()}). */
  private final boolean blocked;

  FetchException(String message, boolean blocked) {
    super(message, null, false, false);
    this.blocked = blocked;
  }

  /** Whether the fetch was refused by policy before any connection was made. */
  public boolean blocked() {
    return blocked;
  }
}
