package dev.mcpkit.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README convention of examples/README.md, as {@link ReadmeCommands} reads it. */
class ReadmeCommandsTest {

  @Test
  void consoleBlocksGiveCommandsWithTheirOutputAndMarkedBlocksAreSkipped() {
    String md = """
        ```console
        $ examples/run x http
        INFO listening; Ctrl-C stops
        $ ./mcpkit call u ping
        ok (… ms)
        ```
        <!-- not run by the README test: a browser sign-in -->
        ```console
        $ ./mcpkit login u
        ```
        ```bash
        ./mvnw verify
        ```
        """;
    List<ReadmeCommands.Command> commands = ReadmeCommands.parse(md);
    assertThat(commands).extracting(ReadmeCommands.Command::line).containsExactly("examples/run x http", "./mcpkit call u ping");
    assertThat(commands.get(0).isServer()).isTrue();
    assertThat(commands.get(1).isServer()).isFalse();
    assertThat(commands.get(1).expected()).containsExactly("ok (… ms)");
  }

  @Test
  void anEllipsisMatchesAnyTextInALineAndAnyLinesOnItsOwn() {
    assertThat(ReadmeCommands.matches(List.of("ok (… ms)"), List.of("ok (12 ms)"))).isTrue();
    assertThat(ReadmeCommands.matches(List.of("ok (… ms)"), List.of("ok (12 s)"))).isFalse();
    assertThat(ReadmeCommands.matches(List.of("HTTP/1.1 401", "…", "{}"), List.of("HTTP/1.1 401", "Date: x", "", "{}")))
        .isTrue();
    assertThat(ReadmeCommands.matches(List.of("HTTP/1.1 401", "{}"), List.of("HTTP/1.1 401", "Date: x", "{}"))).isFalse();
    assertThat(ReadmeCommands.matches(List.of("a"), List.of("a", "b"))).isFalse();
  }

  @Test
  void aVariableACommandSetsIsThereForTheNextCommandsAsInOneTerminal(@TempDir Path dir) throws Exception {
    Path readme = dir.resolve("README.md");
    Files.writeString(readme, """
        ```console
        $ GREETING=$(echo hello there)
        $ echo "$GREETING, $HOME is not $(getent passwd "$(id -un)" | cut -d: -f6)"; false; echo "exit $?"
        hello there, … is not …
        exit 1
        $ ONCE=1 true
        $ echo "[${ONCE-}] [$GREETING]"
        [] [hello there]
        ```
        """);
    assertThat(ReadmeCommands.run(readme)).isEmpty();
    Files.writeString(readme, "```console\n$ echo \"$GREETING\"\nhello there\n```\n"); // a new README: a new terminal
    assertThat(ReadmeCommands.run(readme)).hasSize(1);
  }

  @Test
  void aServerStartedWithAnAmpersandStaysUpWhenTheNextServerStartsAndStopsAtTheEnd(@TempDir Path dir) throws Exception {
    Path readme = dir.resolve("README.md");
    Files.writeString(readme, """
        ```console
        $ echo first up; exec sleep 617 &
        first up
        $ echo second up, Ctrl-C stops; exec sleep 618
        second up, Ctrl-C stops
        $ echo third up, Ctrl-C stops; exec sleep 619
        third up, Ctrl-C stops
        $ pgrep -fc 'sleep 61[7]'; pgrep -fc 'sleep 61[8]'; pgrep -fc 'sleep 61[9]'
        1
        0
        1
        ```
        """);
    assertThat(ReadmeCommands.parse(Files.readString(readme)).get(0).isServer()).isTrue();
    assertThat(ReadmeCommands.run(readme)).isEmpty();
    assertThat(ProcessHandle.allProcesses().map(h -> h.info().commandLine().orElse(""))
        .filter(c -> c.matches(".*sleep 61[789].*"))).as("every server stopped at the end").isEmpty();
  }
}
