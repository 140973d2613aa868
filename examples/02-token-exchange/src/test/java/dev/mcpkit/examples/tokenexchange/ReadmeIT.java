package dev.mcpkit.examples.tokenexchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.Chromium;
import dev.mcpkit.core.testing.ReadmeCommands;
import dev.mcpkit.core.testing.Repo;

/**
 * The commands of this example's README run as printed and print what it shows (see examples/README.md); its
 * sign-in is completed in headless Chromium as alice, with the password the README starts the example with.
 */
class ReadmeIT {

  /** alice signs in and approves, with the README's password, as its reader does in the browser that opens. */
  static void signInAsAlice(String authorizationUrl) {
    Chromium.signInAndApprove(authorizationUrl, "alice", "correct horse battery staple");
  }

  @org.junit.jupiter.api.Test
  void everyCommandOfTheReadmeRunsAndPrintsWhatItShows() throws Exception {
    var readme = Repo.root().resolve("examples/02-token-exchange/README.md");
    assertThat(ReadmeCommands.parse(java.nio.file.Files.readString(readme))).hasSize(5);
    assertThat(ReadmeCommands.run(readme, ReadmeIT::signInAsAlice)).isEmpty();
  }
}
