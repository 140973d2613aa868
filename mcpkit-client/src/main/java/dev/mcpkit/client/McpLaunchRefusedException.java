package dev.mcpkit.client;

/**
 * A stdio server that the {@link dev.mcpkit.client.transport.LaunchPolicy} refuses to start: no process was spawned.
 * The message names the server, the executable and the setting that would allow it.
 */
public class McpLaunchRefusedException extends McpConnectionException {
  private final String server;
  private final String executable;
  private final String setting;

  /** A refusal of {@code executable} for {@code server}, which {@code setting} could allow. */
  public McpLaunchRefusedException(String message, String server, String executable, String setting) {
    super(message);
    this.server = server;
    this.executable = executable;
    this.setting = setting;
  }

  /** The server's name (its entry in the configuration), or its command line. */
  public String server() {
    return server;
  }

  /** The executable refused, as the command gave it. */
  public String executable() {
    return executable;
  }

  /** The setting that allows it (a gateway key, a CLI option, a builder method). */
  public String setting() {
    return setting;
  }
}
