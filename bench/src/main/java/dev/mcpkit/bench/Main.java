package dev.mcpkit.bench;

import java.util.Arrays;

/**
 * Entry point of the benchmark jar ({@code bench/target/mcpkit-bench.jar}); {@code bench/run.sh}
 * drives every command. Servers print {@code READY <port>} on stderr once they listen.
 *
 * <pre>
 * serve mcpkit|sdk|floor|floor-vt PORT  an HTTP contender serving the echo tool and the 1 MiB resource
 * stdio mcpkit|sdk|floor             the same contender on stdin/stdout
 * check FLAVOR URL                   checks a contender's answers (FLAVOR: modern, sse, session, lifecycle)
 * session URL                        opens a 2025 session and prints its id (for wrk)
 * streams FLAVOR URL N PID KIND      holds N open streams, prints server heap and RSS
 * stdio-bench ERA COLD RT -- CMD...  spawn-to-first-result and sequential round trips of a stdio server
 * stdio-train ERA TOOL -- CMD...     one spawn of the same exchange, the run that records its start-up archive
 * report RESULTS.tsv MACHINE_LINE    prints the markdown table of medians and ratios
 * </pre>
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "serve" -> Contenders.serve(rest[0], Integer.parseInt(rest[1]));
      case "stdio" -> Contenders.stdio(rest[0]);
      case "check" -> System.exit(Check.run(rest[0], rest[1]));
      case "session" -> System.out.println(Check.openSession(rest[0]));
      case "streams" -> Streams.run(rest);
      case "stdio-bench" -> StdioBench.run(rest);
      case "stdio-train" -> StdioBench.train(rest);
      case "report" -> Report.run(rest);
      default -> usage();
    }
  }

  private static void usage() {
    System.err.println("usage: see the Javadoc of dev.mcpkit.bench.Main");
    System.exit(2);
  }
}
