package dev.mcpkit.cli;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.core.files.LocalFiles;
import dev.mcpkit.inspector.CallCollection;
import dev.mcpkit.inspector.CollectionRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mcpkit test}: runs a collection of calls with assertions against a server, headless, for CI. */
@Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs a collection file's calls against a server and checks their assertions.",
        "The collection format (mcpkit-collection) is described in",
        "mcpkit-inspector/README.md. Secrets are never in the file: it refers to",
        "environment variables as $${env:NAME}.",
        "",
        "  mcpkit test calls.json --target http://127.0.0.1:8080/mcp --junit out.xml",
        "  mcpkit test calls.json -- <command> [args...]   (stdio)"},
    footer = {"%nExit codes:%n  0  every assertion held%n  1  an assertion failed%n"
        + "  2  bad usage, an unusable collection, or the server could not be reached"})
final class TestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClientOptions options;

  @Option(names = "--target", paramLabel = "URL",
      description = "The server to test (default: the collection's \"target\").")
  String target;

  @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML to FILE.")
  Path junit;

  @Parameters(paramLabel = "COLLECTION", arity = "0..*", description = "The collection file.")
  List<String> positional = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ClientCommands.Split split = ClientCommands.split(spec, positional);
    if (split.words().size() != 1) {
      return ClientCommands.usage(spec, "expected one COLLECTION file");
    }
    CallCollection collection;
    try {
      Path file = Path.of(split.words().getFirst());
      collection = CallCollection.parse(LocalFiles.readString(file, "the collection file"));
    } catch (IOException e) {
      err.println("mcpkit test: cannot read " + options.line(split.words().getFirst()) + ": "
          + options.line(String.valueOf(e.getMessage())));
      return ExitCodes.USAGE;
    } catch (IllegalArgumentException e) {
      err.println("mcpkit test: " + options.line(split.words().getFirst()) + ": " + options.line(e.getMessage()));
      return ExitCodes.USAGE;
    }
    String url = target != null ? target : split.command().isEmpty() ? collection.target() : null;
    if (url == null && split.command().isEmpty()) {
      err.println("mcpkit test: no target: pass --target URL, or -- <command> [args...] (the collection names none)");
      return ExitCodes.USAGE;
    }
    CollectionRun run;
    try {
      collection.resolvedHeaders(System.getenv()).forEach((k, v) -> options.headers.add(k + ": " + v));
      try (McpClient client = options.connect(url, split.command(), ClientHandlers.none(), err)) {
        run = CollectionRun.run(collection, client, System.getenv());
      }
    } catch (Exception e) {
      // Unreachable, refused, not MCP, or a variable not set: not an assertion failure, so exit 2 (CI tells them apart).
      ClientCommands.fail(e, options, out, err);
      return ExitCodes.USAGE;
    }
    for (String l : run.lines()) {
      String text = l.stripLeading();   // the indent of a failure line is ours; the text may quote the server
      out.println(l.substring(0, l.length() - text.length()) + options.line(text));
    }
    out.flush();
    if (junit != null) {
      try {
        Files.writeString(junit, run.junitXml(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("mcpkit test: cannot write " + junit + ": " + options.line(String.valueOf(e.getMessage())));
        return ExitCodes.USAGE;
      }
    }
    return run.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
