package dev.mcpkit.cli;

import dev.mcpkit.core.text.PeerText;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mcpkit} command. Each subcommand is its own class; this one only wires them. */
@Command(
    name = "mcpkit",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "mcpkit: build, secure, run and debug Model Context Protocol servers and clients.",
    subcommands = {UpCommand.class, ServeCommand.class, CallCommand.class, ListCommand.class, LoginCommand.class,
        LogoutCommand.class, AuthServerCommand.class, ConformanceServerCommand.class, ConformanceClientCommand.class,
        TrainCommand.class, CompletionCommand.class, DoctorCommand.class, VersionCommand.class,
        GatewayCommand.class, ScanCommand.class,
        SnapshotCommand.class, DiffCommand.class, TestCommand.class,
        InspectCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(StdioFastPath.matches(args) ? StdioFastPath.serve() : run(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      var port = cmd.getCommandSpec().findOption("--port");
      if (port != null && PortInUse.is(e)) {
        // every command that binds a port fails here the same way: say which port and what to type instead
        var host = cmd.getCommandSpec().findOption("--host");
        cmd.getErr().println("mcpkit " + cmd.getCommandName() + ": " + PortInUse.message(
            command() + " " + cmd.getCommandName(), host == null ? "127.0.0.1" : host.getValue(), port.<Integer>getValue()));
        return ExitCodes.FAILURE;
      }
      cmd.getErr().println("mcpkit: " + (e.getMessage() == null ? e.getClass().getSimpleName()
          : PeerText.block(e.getMessage())));
      return ExitCodes.FAILURE;
    });
    // Logging is chosen per command (quiet for commands that print a result) once the command line is parsed.
    cli.setExecutionStrategy(parsed -> {
      StderrLogging.forCommand(parsed);
      return new CommandLine.RunLast().execute(parsed);
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /**
   * How the user runs mcpkit, for the commands it prints (hints, "try next", the {@code login} to run): the name the
   * {@code ./mcpkit} launcher was invoked as ({@code ./mcpkit}, a path, or {@code mcpkit} when found on PATH), passed
   * as the system property {@code mcpkit.command}, shell-quoted; {@code mcpkit} without the launcher.
   */
  static String command() {
    String c = System.getProperty("mcpkit.command");
    if (c == null || c.isBlank() || c.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
      return "mcpkit";
    }
    return AuthOptions.quote(c);
  }

  /** The version from the jar manifest, or "dev". */
  static String versionString() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Reads the version from the jar manifest (set by the build). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"mcpkit " + (v == null ? "dev" : v)};
    }
  }
}
