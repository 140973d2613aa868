package dev.mcpkit.cli;

import dev.mcpkit.inspector.Snapshot;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
  @Mixin TargetArgs target;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return target.withSignIn(options, auth, client -> {
      out.println(options.json(Snapshot.take(client).toJson()));
      out.flush();
      return ExitCodes.OK;
    });
  }
}
