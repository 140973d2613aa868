package dev.mcpkit.cli;

import dev.mcpkit.cli.demo.DemoServer;
import dev.mcpkit.core.text.PeerText;
import dev.mcpkit.server.stdio.StdioServer;
import java.util.Arrays;

/**
 * {@code mcpkit serve --stdio}, the command stdio hosts spawn for every session, without picocli.
 *
 * <p>Why: building picocli's model of the whole command line (every subcommand, option and mixin,
 * read from annotations through reflection and dynamic proxies) was most of the time from spawn to
 * the first answer, and none of it can come from the start-up archive: picocli's classes are
 * compiled for Java 5, and the JDK's class-data archives skip classes that old.
 * When the arguments are exactly {@code serve --stdio}, there is nothing to parse, so this runs what
 * {@link ServeCommand} would, and leaves every other command line, including help and errors, to
 * picocli.
 */
final class StdioFastPath {

  private StdioFastPath() {}

  /** Whether {@code args} are exactly the stdio demo server's. */
  static boolean matches(String[] args) {
    return Arrays.equals(args, new String[] {"serve", "--stdio"});
  }

  /** Serves the demo server on stdin/stdout until stdin ends; the exit code {@link Main#run} would give. */
  static int serve() {
    try {
      StdioServer.serve(DemoServer.create());
      return ExitCodes.OK;
    } catch (RuntimeException e) {
      // As Main's execution exception handler words it: no stack trace for the host to show.
      System.err.println("mcpkit: " + (e.getMessage() == null ? e.getClass().getSimpleName()
          : PeerText.block(e.getMessage())));
      return ExitCodes.FAILURE;
    }
  }
}
