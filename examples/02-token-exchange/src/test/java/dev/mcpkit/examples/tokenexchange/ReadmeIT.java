package dev.mcpkit.examples.tokenexchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.testing.ReadmeCommands;
import dev.mcpkit.core.testing.Repo;
import org.junit.jupiter.api.Test;

/** The commands of this example's README run as printed and print what it shows (see examples/README.md). */
class ReadmeIT {

  @Test
  void everyCommandOfTheReadmeRunsAndPrintsWhatItShows() throws Exception {
    var readme = Repo.root().resolve("examples/02-token-exchange/README.md");
    assertThat(ReadmeCommands.parse(java.nio.file.Files.readString(readme))).hasSizeGreaterThanOrEqualTo(2);
    assertThat(ReadmeCommands.run(readme)).isEmpty();
  }
}
