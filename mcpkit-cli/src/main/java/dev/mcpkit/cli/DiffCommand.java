package dev.mcpkit.cli;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.core.files.LocalFiles;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.inspector.Snapshot;
import dev.mcpkit.inspector.SurfaceDiff;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mcpkit diff}: what changed between two surfaces (snapshot files or live servers), breaking changes first. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Compares two server surfaces and classifies each change.",
        "Each of A and B is a snapshot file (mcpkit snapshot) or a server URL.",
        "Breaking: a removed tool, prompt, resource or template; a new required",
        "input; an input type narrowed or enum value removed; an output type",
        "widened or a required output field removed. Description and annotation",
        "changes are reported as non-breaking (they change the pin hash).",
        "",
        "  mcpkit diff surface.json http://127.0.0.1:8080/mcp"},
    footer = {"%nExit codes:%n  0  no breaking change%n  1  a breaking change (or a failure)%n"
        + "  2  bad usage, an unreadable snapshot%n  3-6  as for mcpkit list, reaching a live target"})
final class DiffCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClientOptions options;
  @Mixin AuthOptions auth;

  @Parameters(index = "0", paramLabel = "A", description = "The old surface: a snapshot file or a URL.")
  String a;

  @Parameters(index = "1", paramLabel = "B", description = "The new surface: a snapshot file or a URL.")
  String b;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Snapshot[] taken = new Snapshot[2];
    String[] targets = {a, b};
    for (int i = 0; i < 2; i++) {
      String t = targets[i];
      if (t.startsWith("http://") || t.startsWith("https://")) {
        int n = i;
        int code = ClientCommands.withSignIn(options, auth, t, java.util.List.of(), ClientHandlers.none(), out, err,
            client -> {
              taken[n] = Snapshot.take(client);
              return ExitCodes.OK;
            });
        if (code != ExitCodes.OK) {
          return code;
        }
      } else {
        try {
          taken[i] = Snapshot.parse(LocalFiles.readString(Path.of(t), "the snapshot file"));
        } catch (IOException e) {
          err.println("mcpkit diff: cannot read " + options.line(t) + ": " + options.line(String.valueOf(e.getMessage()))
              + " (give a snapshot file or an http(s):// URL)");
          return ExitCodes.USAGE;
        } catch (IllegalArgumentException e) {
          err.println("mcpkit diff: " + options.line(t) + ": " + options.line(e.getMessage()));
          return ExitCodes.USAGE;
        }
      }
    }
    SurfaceDiff diff = SurfaceDiff.of(taken[0], taken[1]);
    if (options.json) {
      out.println(options.json(Json.write(diff.toJson())));
    } else {
      diff.lines().forEach(l -> out.println(options.line(l)));
    }
    out.flush();
    return diff.breaking() ? ExitCodes.FAILURE : ExitCodes.OK;
  }
}
