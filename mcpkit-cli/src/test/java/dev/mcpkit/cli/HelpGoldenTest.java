package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} is committed as a golden file under {@code src/test/resources/help/} (reviewed by
 * hand once): this test fails when the help changes without its golden file, so a change to the help is seen in
 * review. After a deliberate change, regenerate with {@code -Dhelp.update=true} and review the diff. It also rejects
 * what made help unreadable before: text rendered as {@code null} and a usage line that runs past 80 columns.
 */
class HelpGoldenTest {

  static final Path GOLDEN = Repo.root().resolve("mcpkit-cli/src/test/resources/help");

  @Test
  void everyCommandsHelpMatchesItsGoldenFile() throws Exception {
    boolean update = Boolean.getBoolean("help.update");
    List<String> mismatched = new ArrayList<>();
    Map<String, String> helps = helps();
    for (Map.Entry<String, String> e : helps.entrySet()) {
      Path file = GOLDEN.resolve(e.getKey() + ".txt");
      if (update) {
        Files.createDirectories(GOLDEN);
        Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
      } else if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(e.getValue())) {
        mismatched.add(e.getKey());
      }
    }
    assertThat(mismatched).as("--help differs from its golden file in " + GOLDEN
        + " (after a deliberate change: mvn test -Dtest=HelpGoldenTest -Dhelp.update=true, then review the diff)")
        .isEmpty();
    try (var files = Files.list(GOLDEN)) {
      assertThat(files.map(f -> f.getFileName().toString().replaceFirst("\\.txt$", "")).toList())
          .as("golden files of commands that no longer exist").containsExactlyInAnyOrderElementsOf(helps.keySet());
    }
  }

  @Test
  void noHelpRendersNullOrRunsPastEightyColumns() {
    helps().forEach((name, help) -> {
      assertThat(help).as(name).doesNotContainPattern("\\bnull\\b");
      // a URL or a file name split over two lines
      assertThat(help).as(name).doesNotContainPattern("[a-z]:\\n\\s*//").doesNotContainPattern("://\\n")
          .doesNotContainPattern("\\.\\n\\s*(md|json|txt)\\b");
      help.lines().forEach(line -> assertThat(line.length()).as(name + ": " + line).isLessThanOrEqualTo(80));
    });
  }

  /** The help of every command, by file name ({@code mcpkit}, {@code mcpkit-call}, ...), as {@code --help} prints it. */
  static Map<String, String> helps() {
    Map<String, String> out = new java.util.TreeMap<>();
    collect(new CommandLine(new Main()), "mcpkit", out);
    return out;
  }

  private static void collect(CommandLine cli, String name, Map<String, String> out) {
    out.put(name, cli.getUsageMessage(CommandLine.Help.Ansi.OFF));
    cli.getSubcommands().forEach((sub, c) -> {
      if (!c.getCommandSpec().name().equals(sub)) {
        return; // an alias
      }
      collect(c, name + "-" + sub, out);
    });
  }
}
