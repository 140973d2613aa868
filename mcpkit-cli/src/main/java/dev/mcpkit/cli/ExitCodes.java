package dev.mcpkit.cli;

/**
 * Exit codes of the {@code mcpkit} command; documented in the README and in {@code --help}. The
 * client commands ({@code call}, {@code list}) use 3-6 (and 7, the guard's refusal) so that scripts can tell the failures apart;
 * 3, 4 and 5 mean what they mean for the official Inspector CLI.
 */
public final class ExitCodes {

  public static final int OK = 0;
  /** Bad usage or an unexpected failure. */
  public static final int FAILURE = 1;
  /** Invalid command-line arguments (picocli's own code), or an unusable configuration file. */
  public static final int USAGE = 2;
  /** The server requires authorization (HTTP 401/403) and no usable credentials were given. */
  public static final int AUTH_REQUIRED = 3;
  /** The server could not be reached, died, or did not answer in time. */
  public static final int CONNECTION = 4;
  /** The tool ran and reported an error ({@code isError: true}); the result is still printed. */
  public static final int TOOL_ERROR = 5;
  /** The server answered with a JSON-RPC error or broke the protocol. */
  public static final int PROTOCOL = 6;
  /** mcpkit-guard hid a definition or refused a call (a finding at or above {@code --guard-threshold}). */
  public static final int GUARD_BLOCKED = 7;

  /** The exit-code lines shown by {@code mcpkit call --help} and {@code mcpkit list --help}. */
  static final String HELP = "%nExit codes:%n"
      + "  0  success%n"
      + "  1  unexpected failure%n"
      + "  2  bad usage or configuration%n"
      + "  3  authorization required (HTTP 401/403)%n"
      + "  4  connection failure: unreachable, process died, or timeout%n"
      + "  5  tool error: the tool's result has isError true (the result is printed)%n"
      + "  6  protocol error: a JSON-RPC error from the server, or a broken answer";

  /** {@link #HELP} with the guard's code, for {@code call} and {@code list} (which check with mcpkit-guard). */
  static final String GUARDED_HELP = HELP
      + "%n  7  blocked: mcpkit-guard hid a definition or refused a call (see the message)";

  private ExitCodes() {}
}
