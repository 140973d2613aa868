package dev.mcpkit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs an {@code mcpkit} command line in this JVM, capturing what it prints (for tests against in-process servers). */
final class InProcessCli {

  private InProcessCli() {}

  static Cli.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Cli.Result(exit, out.toString(), err.toString());
  }
}
