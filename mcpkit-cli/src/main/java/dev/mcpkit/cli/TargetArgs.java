package dev.mcpkit.cli;

import dev.mcpkit.client.ClientHandlers;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The positional TARGET of a command that talks to one server ({@code list}, {@code snapshot}): a URL, a server name
 * with {@code --config}, or {@code -- <command> [args...]} for a stdio server. One place for what counts as one
 * target and for the usage error when it is not.
 */
final class TargetArgs {

  /** The command this is mixed into: its name is in the usage error, its original arguments hold the {@code --}. */
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Parameters(paramLabel = "TARGET", arity = "0..*", description = "A URL, or a server name with --config.")
  List<String> positional = new ArrayList<>();

  /**
   * The positional words split at {@code --}: one TARGET word, or none and the stdio command. Anything else prints
   * the usage error naming the command and gives {@code null} (the caller exits with {@link ExitCodes#USAGE}).
   */
  ClientCommands.Split split() {
    ClientCommands.Split split = ClientCommands.split(spec, positional);
    if (split.command().isEmpty() ? split.words().size() != 1 : !split.words().isEmpty()) {
      ClientCommands.usage(spec, "expected one TARGET, or -- <command> [args...]");
      return null;
    }
    return split;
  }

  /** Connects to the target and runs {@code op}, signing in as {@link ClientCommands#withSignIn} does. */
  int withSignIn(ClientOptions options, AuthOptions auth, ClientCommands.ClientOp op) {
    ClientCommands.Split split = split();
    if (split == null) {
      return ExitCodes.USAGE;
    }
    return ClientCommands.withSignIn(options, auth, split.target(), split.command(), ClientHandlers.none(),
        spec.commandLine().getOut(), spec.commandLine().getErr(), op);
  }
}
