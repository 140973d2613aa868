package dev.mcpkit.cli;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.inspector.Snapshot;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mcpkit snapshot}: a server's whole surface as JSON, for {@code mcpkit diff} and for review. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Records a server's whole surface as JSON, for mcpkit diff.",
        "The snapshot (mcpkit-snapshot format, version 1) holds server info,",
        "protocol version, capabilities, instructions, tools with their schemas,",
        "resources, templates, prompts, and each definition's pin hash (the one",
        "mcpkit scan --pin records).",
        "",
        "  mcpkit snapshot <url> > surface.json",
        "  mcpkit snapshot --config FILE <server-name>",
        "  mcpkit snapshot -- <command> [args...]   (stdio)"},
    footer = ExitCodes.HELP)
final class SnapshotCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClientOptions options;
  @Mixin AuthOptions auth;

  @Parameters(paramLabel = "TARGET", arity = "0..*", description = "A URL, or a server name with --config.")
  List<String> positional = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ClientCommands.Split split = ClientCommands.split(spec, positional);
    if (split.command().isEmpty() ? split.words().size() != 1 : !split.words().isEmpty()) {
      err.println("mcpkit snapshot: expected one TARGET, or -- <command> [args...]; see " + Main.command()
          + " snapshot --help");
      return ExitCodes.USAGE;
    }
    String target = split.command().isEmpty() ? split.words().getFirst() : null;
    return ClientCommands.withSignIn(options, auth, target, split.command(), ClientHandlers.none(), out, err,
        client -> {
          out.println(options.json(Snapshot.take(client).toJson()));
          out.flush();
          return ExitCodes.OK;
        });
  }
}
