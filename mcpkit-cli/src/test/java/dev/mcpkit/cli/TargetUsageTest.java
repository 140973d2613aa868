package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The usage errors of the commands that take one TARGET ({@code snapshot}, {@code list}), of {@code call} and of
 * {@code test}: pinned
 * to the letter, so that the shared target handling ({@link TargetArgs}, {@link ClientCommands#usage}) prints what
 * each command printed on its own before.
 */
class TargetUsageTest {

  private static String usage(String command, String what) {
    return "mcpkit " + command + ": " + what + "; see " + Main.command() + " " + command + " --help"
        + System.lineSeparator();
  }

  @Test
  void snapshotAndListTakeExactlyOneTargetOrAStdioCommand() {
    String[][] wrong = {{}, {"http://127.0.0.1:9/mcp", "http://127.0.0.1:9/other"},
        {"http://127.0.0.1:9/mcp", "--", "java", "-version"}};
    for (String command : new String[] {"snapshot", "list"}) {
      for (String[] args : wrong) {
        String[] line = new String[args.length + 1];
        line[0] = command;
        System.arraycopy(args, 0, line, 1, args.length);
        Cli.Result r = InProcessCli.run(line);
        assertThat(r.exit()).as(String.join(" ", line)).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as(String.join(" ", line))
            .isEqualTo(usage(command, "expected one TARGET, or -- <command> [args...]"));
        assertThat(r.out()).as(String.join(" ", line)).isEmpty();
      }
    }
  }

  @Test
  void callSaysWhereToolNamesAndArgumentsGoWhenWordsFollowTheMethod() {
    String hint = "name the tool with --tool NAME (a prompt with --prompt NAME, a resource with --uri URI) and give"
        + " arguments as --arg KEY=VALUE or --args-json JSON";
    Cli.Result http = InProcessCli.run("call", "http://127.0.0.1:9/mcp", "tools/call", "add_numbers", "a=0.1");
    assertThat(http.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(http.err()).isEqualTo(usage("call", "unexpected \"add_numbers a=0.1\" after METHOD: " + hint));
    Cli.Result stdio = InProcessCli.run("call", "tools/call", "echo", "--", "java", "-version");
    assertThat(stdio.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(stdio.err()).isEqualTo(usage("call", "unexpected \"echo\" after METHOD: " + hint));
    assertThat(InProcessCli.run("call", "http://127.0.0.1:9/mcp").err())
        .isEqualTo(usage("call", "expected TARGET and METHOD"));
  }

  @Test
  void testTakesExactlyOneCollection() {
    Cli.Result none = InProcessCli.run("test", "--target", "http://127.0.0.1:9/mcp");
    assertThat(none.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.err()).isEqualTo(usage("test", "expected one COLLECTION file"));
    Cli.Result two = InProcessCli.run("test", "a.json", "b.json", "--", "java", "-version");
    assertThat(two.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(two.err()).isEqualTo(usage("test", "expected one COLLECTION file"));
  }
}
