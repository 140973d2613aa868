package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.testing.ReadmeCommands;
import dev.mcpkit.core.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The top-level README's console blocks (the gateway, scan walk-through) run as printed from the repository root,
 * through the {@code ./mcpkit} launcher and this build's jar, and print what the README shows (the convention of
 * examples/README.md, {@link ReadmeCommands}).
 */
class ReadmeIT {

  @Test
  void everyConsoleCommandOfTheReadmeRunsAndPrintsWhatItShows() throws Exception {
    Path readme = Repo.root().resolve("README.md");
    assertThat(ReadmeCommands.parse(Files.readString(readme))).as("the gateway walk-through's commands")
        .hasSizeGreaterThanOrEqualTo(6);
    assertThat(ReadmeCommands.run(readme)).isEmpty();
  }
}
