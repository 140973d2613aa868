package dev.mcpkit.cli;

/** Exit codes of the {@code mcpkit} command; documented in the README. */
public final class ExitCodes {

  public static final int OK = 0;
  /** Bad usage or an unexpected failure. */
  public static final int FAILURE = 1;
  /** Invalid command-line arguments (picocli's own code). */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
